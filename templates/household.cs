<?cs include:"layout.cs" ?><?cs include:"decl-form.cs" ?><?cs include:"household-parts.cs" ?><?cs
# The family form of a citizen's phone (POST /declare/household). ?><?cs
call:header("Khai báo cho cả gia đình") ?>
<section class="card">
  <h1>Khai báo cho cả gia đình</h1>
  <?cs if:Form.message ?><p class="alert" role="alert"><?cs var:Form.message ?></p><?cs /if ?>
  <?cs call:error_summary() ?>
  <p class="small">Một điện thoại khai báo cho tối đa 10 người cùng đi: điền thông tin chung một lần, rồi từng người. Mỗi người nhận một mã QR riêng; tất cả được lưu cùng lúc, hoặc không ai nếu còn thông tin chưa đúng.</p>
  <form method="post" action="/declare/household" novalidate id="household-form">
    <input type="hidden" name="client_ref" value="<?cs var:Form.client_ref.value ?>">
    <?cs call:field_error("client_ref") ?>
<?cs call:family_fieldsets(1) ?>
    <fieldset>
      <legend>5. Cam kết</legend>
      <p class="small">Bằng việc bấm “Gửi khai báo”, tôi cam kết những thông tin trên là đúng sự thật cho từng người trong gia đình.</p>
    </fieldset>
    <button type="submit" class="primary">Gửi khai báo cho cả gia đình</button>
  </form>
</section>
<script src="/js/unit-search.js" defer></script>
<script src="/js/declare.js" defer></script>
<?cs call:footer() ?>
