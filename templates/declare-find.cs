<?cs include:"layout.cs" ?><?cs include:"find-form.cs" ?><?cs
# /declare/find.  Without Found: the form (again, with Find.message after
  a failed attempt).  With Found (the person's newest declaration):
  Found.token and Found.expires when a code is still valid, else
  Found.expired; the "declare again" form (the three values as hidden
  fields of a POST); History.N.at / .place / .commune / .direction /
  .declared: the passages and visits recorded with their declarations;
  Accesses.N.at / .purpose / .unit / .place: who looked at the person's
  records in the last 30 days, and why (lib/access.h). ?><?cs
call:header("Tìm lại mã QR") ?>
<?cs if:Found.name ?>
<section class="card">
  <h1>Khai báo của <?cs var:Found.name ?></h1>
  <?cs if:Found.token ?>
  <p class="ok">Mã QR còn hiệu lực đến <strong><?cs var:Found.expires ?></strong>.</p>
  <p><a class="button primary" id="open-qr" href="/qr/<?cs var:Found.token ?>">Mở mã QR</a></p>
  <?cs else ?>
  <p class="alert">Mã QR gần nhất đã hết hạn lúc <?cs var:Found.expires ?>. Khai báo lại để nhận mã mới: các thông tin đã được điền sẵn.</p>
  <?cs /if ?>
  <form method="post" action="/declare/find" class="again">
    <input type="hidden" name="action" value="again">
    <input type="hidden" name="id_number" value="<?cs var:Find.id_number.value ?>">
    <input type="hidden" name="dob" value="<?cs var:Find.dob.value ?>">
    <input type="hidden" name="phone" value="<?cs var:Find.phone.value ?>">
    <button type="submit"<?cs if:!Found.token ?> class="primary"<?cs /if ?> id="declare-again">Khai báo lại với thông tin đã điền sẵn</button>
  </form>
  <p class="small">Chỉ cần chọn ngày đi và kiểm tra lại các thông tin đã thay đổi.</p>
</section>
<section class="card">
  <h2>Các lần qua chốt và điểm quét</h2>
  <?cs if:subcount(History) > 0 ?>
  <div class="scroll"><table id="history" class="cards">
    <thead><tr><th>Thời gian</th><th>Nơi</th><th>Lượt</th><th>Khai báo ngày</th></tr></thead>
    <tbody><?cs each:h = History ?>
      <tr><td data-label="Thời gian"><?cs var:h.at ?></td><td data-label="Nơi"><?cs var:h.place ?><?cs if:h.commune ?> <span class="code"><?cs var:h.commune ?></span><?cs /if ?></td><td data-label="Lượt"><?cs var:h.direction ?></td><td data-label="Khai báo ngày"><?cs var:h.declared ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs else ?>
  <p class="small" id="no-history">Chưa có lần qua chốt hoặc điểm quét nào được ghi nhận với các khai báo của bạn (30 ngày gần đây).</p>
  <?cs /if ?>
</section>
<section class="card">
  <h2>Ai đã xem thông tin của bạn</h2>
  <p class="small">Mỗi lần cán bộ xem tờ khai hoặc hồ sơ của bạn đều được ghi lại: thời gian, đơn vị, nơi và lý do (30 ngày gần đây).</p>
  <?cs if:subcount(Accesses) > 0 ?>
  <div class="scroll"><table id="accesses" class="cards">
    <thead><tr><th>Thời gian</th><th>Lý do</th><th>Đơn vị</th><th>Nơi</th></tr></thead>
    <tbody><?cs each:a = Accesses ?>
      <tr><td data-label="Thời gian"><?cs var:a.at ?></td><td data-label="Lý do"><?cs var:a.purpose ?></td><td data-label="Đơn vị"><?cs var:a.unit ?></td><td data-label="Nơi"><?cs var:a.place ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs else ?>
  <p class="small" id="no-accesses">Chưa có cán bộ nào xem thông tin của bạn trong 30 ngày gần đây.</p>
  <?cs /if ?>
</section>
<?cs else ?>
<section class="card">
  <h1>Tìm lại mã QR hoặc khai báo lại</h1>
  <?cs if:Find.message ?><p class="alert" role="alert"><?cs var:Find.message ?></p><?cs /if ?>
  <p class="small">Nhập đúng số giấy tờ, ngày sinh và số điện thoại đã dùng khi khai báo. Bạn xem lại mã QR mới nhất còn hạn (72 giờ) và các lần qua chốt, hoặc khai báo lại với thông tin đã điền sẵn.</p>
  <?cs call:find_form() ?>
  <p><a href="/declare">Khai báo mới</a></p>
</section>
<?cs /if ?>
<?cs call:footer() ?>
