<?cs # Paper declaration typed by a checkpoint officer (cgi-bin/paper-entry.c).
      The citizen's fieldsets (decl-form.cs, without autofill and with the
      phone optional), then the direction through the checkpoint.  The registry
      look-up is a POST form (action=lookup, with the csrf field), so the
      ID number stays out of the URL; no JavaScript needed.  js/declare.js
      (issue 3) adds the commune pickers to every input[data-commune]. ?>
<?cs include:"layout.cs" ?><?cs include:"camera.cs" ?><?cs include:"decl-form.cs" ?><?cs
call:header("Nhập tờ khai giấy") ?>
<link rel="stylesheet" href="/css/kiosk.css">
<section class="card">
  <h1>Nhập tờ khai giấy</h1>
  <p class="small">Chốt: <strong><?cs if:Place.name ?><?cs var:Place.name ?><?cs else ?>chưa được gán<?cs /if ?></strong> · <a href="/paper-entry/household">Nhập cho cả gia đình</a> · <a href="/verify">Về màn hình quét mã</a></p>
  <?cs if:Form.message ?><p class="alert" role="alert"><?cs var:Form.message ?></p><?cs /if ?>
  <?cs call:error_summary() ?>
  <?cs if:Form.warning ?><p class="warn" role="alert" id="registry-warning">⚠ <?cs var:Form.warning ?></p><?cs /if ?>
  <?cs if:Form.notice ?><p class="ok" role="status"><?cs var:Form.notice ?></p><?cs /if ?>
  <form method="post" action="/paper-entry" class="lookup">
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
    <input type="hidden" name="action" value="lookup">
    <label for="lookup">Tra CSDL dân cư theo số CCCD/CMND</label>
    <div class="code-row">
      <input id="lookup" name="lookup" inputmode="numeric" maxlength="20" autocomplete="off" value="<?cs var:Form.id_number.value ?>">
      <button type="submit">Tra cứu</button>
    </div>
  </form>
  <form method="post" action="/paper-entry" class="card-scan" id="cccd-form" autocomplete="off" data-starting="<?cs var:Cam.starting ?>" data-ready="<?cs var:Cam.ready ?>" data-failed="<?cs var:Cam.failed ?>">
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
    <input type="hidden" name="action" value="cccd">
    <label for="cccd_qr">Quét mã QR trên CCCD gắn chip (camera hoặc máy quét)</label>
<?cs call:camera_box() ?>
    <div class="code-row">
      <button type="button" id="cam-start" class="cam-start" hidden>Camera</button>
      <input id="cccd_qr" name="cccd_qr" spellcheck="false" autocapitalize="none" value="">
      <button type="submit">Điền theo CCCD</button>
    </div>
<?cs call:camera_status() ?>
    <?cs call:field_error("cccd_qr") ?>
  </form>
</section>
<section class="card">
  <form method="post" action="/paper-entry" novalidate id="paper-form">
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
    <input type="hidden" name="client_ref" value="<?cs var:Form.client_ref.value ?>">
    <?cs call:field_error("client_ref") ?>
<?cs call:decl_fieldsets(0) ?>
    <fieldset>
      <legend>5. Qua chốt<?cs call:req() ?></legend>
      <label class="check"><input type="radio" name="direction" value="in"<?cs if:Form.direction.value != "out" ?> checked<?cs /if ?>> Vào</label>
      <label class="check"><input type="radio" name="direction" value="out"<?cs if:Form.direction.value == "out" ?> checked<?cs /if ?>> Ra</label>
      <?cs call:field_error("direction") ?>
    </fieldset>
    <button type="submit" class="primary">Lưu tờ khai và ghi nhận qua chốt</button>
  </form>
</section>
<script src="/js/unit-search.js" defer></script>
<script src="/js/declare.js" defer></script>
<script src="/js/scanner.js" defer></script>
<script src="/js/paper.js" defer></script>
<?cs call:footer() ?>
