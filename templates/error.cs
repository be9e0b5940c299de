<?cs include:"layout.cs" ?><?cs call:header("Lỗi " + Error.status) ?>
<section class="card error">
  <h1>Lỗi <?cs var:Error.status ?></h1>
  <p><?cs var:Error.message ?></p>
  <p><a href="/">Về trang chủ</a></p>
</section>
<?cs call:footer() ?>
