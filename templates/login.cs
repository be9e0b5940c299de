<?cs include:"layout.cs" ?><?cs call:header("Đăng nhập") ?>
<section class="card">
  <h1>Đăng nhập cán bộ</h1>
  <?cs if:Form.message ?><p class="alert" role="alert"><?cs var:Form.message ?></p><?cs /if ?>
  <form method="post" action="/login" novalidate>
    <?cs if:Form.next.value ?><input type="hidden" name="next" value="<?cs var:Form.next.value ?>"><?cs /if ?>
    <label for="uid">Tên đăng nhập</label>
    <input id="uid" name="uid" autocomplete="username" autocapitalize="none" required value="<?cs var:Form.uid.value ?>">
    <?cs call:field_error("uid") ?>
    <label for="password">Mật khẩu</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <?cs call:field_error("password") ?>
    <?cs if:Form.change ?>
    <label for="new_password">Mật khẩu mới (ít nhất 12 ký tự)</label>
    <input id="new_password" name="new_password" type="password" autocomplete="new-password" required>
    <?cs /if ?>
    <?cs call:field_error("new_password") ?>
    <button type="submit" class="primary">Đăng nhập</button>
  </form>
</section>
<?cs call:footer() ?>
