<?cs include:"layout.cs" ?><?cs include:"find-form.cs" ?><?cs call:header("Tìm lại mã QR") ?>
<section class="card">
  <h1>Tìm lại mã QR còn hiệu lực</h1>
  <?cs if:Find.message ?><p class="alert" role="alert"><?cs var:Find.message ?></p><?cs /if ?>
  <p class="small">Nhập đúng số giấy tờ, ngày sinh và số điện thoại đã dùng khi khai báo. Mã QR mới nhất còn hạn (72 giờ) sẽ được mở lại.</p>
  <?cs call:find_form() ?>
  <p><a href="/declare">Khai báo mới</a></p>
</section>
<?cs call:footer() ?>
