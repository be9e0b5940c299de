<?cs include:"layout.cs" ?><?cs include:"find-form.cs" ?><?cs include:"decl-form.cs" ?><?cs
# The citizen's declaration form: the fieldsets of decl-form.cs, grouped
  like the paper form, then the pledge; below it, finding a code again
  (and declaring again with the answers of the last time).  Form.notice:
  the form was filled from an earlier declaration. ?><?cs
call:header("Khai báo di chuyển và y tế") ?>
<section class="card">
  <h1>Khai báo di chuyển và y tế</h1>
  <?cs if:Form.message ?><p class="alert" role="alert"><?cs var:Form.message ?></p><?cs /if ?>
  <?cs if:Form.notice ?><p class="ok" role="status" id="prefilled"><?cs var:Form.notice ?></p><?cs /if ?>
  <?cs call:error_summary() ?>
  <p class="small">Khai báo xong, bạn nhận mã QR có giá trị 72 giờ để xuất trình cùng CCCD/CMND tại chốt kiểm soát. Mục có dấu <span class="req">*</span> là bắt buộc. Cả gia đình dùng chung một điện thoại? <a href="/declare/household">Khai báo cho cả gia đình</a>.</p>
  <form method="post" action="/declare" novalidate id="declare-form">
    <input type="hidden" name="client_ref" value="<?cs var:Form.client_ref.value ?>">
    <?cs call:field_error("client_ref") ?>

<?cs call:decl_fieldsets(1) ?>

    <fieldset>
      <legend>5. Cam kết</legend>
      <p class="small">Bằng việc bấm “Gửi khai báo”, tôi cam kết những thông tin trên là đúng sự thật. Khai báo thông tin sai sự thật là vi phạm pháp luật và có thể bị xử lý theo quy định.</p>
    </fieldset>
    <button type="submit" class="primary">Gửi khai báo</button>
  </form>
</section>
<section class="card" id="tim-lai">
  <h2>Đã khai báo? Tìm lại mã QR hoặc khai báo lại</h2>
  <p class="small">Nhập số giấy tờ, ngày sinh và số điện thoại đã khai báo: bạn xem lại mã QR còn hạn, các lần qua chốt, hoặc khai báo lại với thông tin đã điền sẵn.</p>
  <?cs call:find_form() ?>
</section>
<script src="/js/unit-search.js" defer></script>
<script src="/js/declare.js" defer></script>
<?cs call:footer() ?>
