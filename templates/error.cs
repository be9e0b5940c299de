<?cs include:"layout.cs" ?><?cs call:header("Lỗi " + Error.status) ?>
<section class="card error">
  <h1><?cs var:Error.message ?></h1>
  <?cs if:subcount(Error.fields) ?>
  <ul class="errsum">
    <?cs each:f = Error.fields ?><li><strong><?cs var:f.name ?></strong>: <?cs var:f.message ?></li><?cs /each ?>
  </ul>
  <?cs /if ?>
  <?cs if:Error.login ?>
  <p><a class="button" href="<?cs var:Error.login ?>">Đăng nhập</a></p>
  <?cs /if ?>
  <p class="small">Mã lỗi <?cs var:Error.status ?> (<?cs var:Error.code ?>). <a href="/">Về trang chủ</a></p>
</section>
<?cs call:footer() ?>
