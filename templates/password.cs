<?cs include:"layout.cs" ?><?cs
# /password: an account changes its own password.  Form.message and the
  fields' messages after a refusal; Form.done after a change. ?><?cs
call:header("Đổi mật khẩu") ?>
<section class="card">
  <h1>Đổi mật khẩu</h1>
  <?cs if:Form.done ?><p class="ok" role="status" id="done"><?cs var:Form.done ?></p><?cs /if ?>
  <?cs if:Form.message ?><p class="alert" role="alert"><?cs var:Form.message ?></p><?cs /if ?>
  <form method="post" action="/password" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
    <label for="password">Mật khẩu hiện tại</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <?cs call:field_error("password") ?>
    <label for="new_password">Mật khẩu mới (ít nhất 12 ký tự)</label>
    <input id="new_password" name="new_password" type="password" autocomplete="new-password" required>
    <?cs call:field_error("new_password") ?>
    <label for="new_password_again">Nhập lại mật khẩu mới</label>
    <input id="new_password_again" name="new_password_again" type="password" autocomplete="new-password" required>
    <?cs call:field_error("new_password_again") ?>
    <button type="submit" class="primary">Đổi mật khẩu</button>
  </form>
  <p class="small">Sau khi đổi, mọi phiên đăng nhập khác của tài khoản này kết thúc ngay.</p>
</section>
<?cs call:footer() ?>
