<?cs # Page frame shared by every template.  Every var: is HTML-escaped
      (Config.VarEscapeMode = html, set by the library before cs_init). ?>
<?cs def:header(title) ?><!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:title ?> · Kiểm dịch</title>
<link rel="stylesheet" href="/css/site.css">
<?cs if:Page.installable ?><link rel="manifest" href="/kiosk.webmanifest">
<meta name="theme-color" content="#b3121b">
<?cs /if ?></head>
<body>
<header class="top">
  <a class="brand" href="/">Kiểm dịch</a>
  <?cs if:Session.uid ?>
  <div class="who">
    <span class="who-name"><?cs var:Session.uid ?></span>
    <span class="who-role"><?cs var:Session.role_label ?></span>
    <span class="who-unit"><?cs if:Session.unit_name ?><?cs var:Session.unit_name ?><?cs else ?>Toàn quốc<?cs /if ?></span>
    <?cs if:Session.place_name ?><span class="who-place"><?cs var:Session.place_name ?></span><?cs /if ?>
  </div>
  <a class="who-password" href="/password">Đổi mật khẩu</a>
  <form class="logout" method="post" action="/logout">
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
    <button type="submit">Đăng xuất</button>
  </form>
  <?cs /if ?>
</header>
<main>
<?cs /def ?>
<?cs def:footer() ?>
</main>
<footer class="bottom">Hệ thống quản lý di biến động công dân vùng dịch</footer>
</body>
</html>
<?cs /def ?>
<?cs def:field_error(name) ?><?cs if:Form[name].error ?><p class="err" id="err-<?cs var:name ?>"><?cs var:Form[name].error ?></p><?cs /if ?><?cs /def ?>
