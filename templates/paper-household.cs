<?cs # A family's paper forms typed by a checkpoint officer
      (POST /paper-entry/household): the family's fieldsets
      (household-parts.cs, phone optional), then the direction through
      the checkpoint for all of them. ?>
<?cs include:"layout.cs" ?><?cs include:"decl-form.cs" ?><?cs include:"household-parts.cs" ?><?cs
call:header("Nhập tờ khai giấy cho gia đình") ?>
<link rel="stylesheet" href="/css/kiosk.css">
<section class="card">
  <h1>Nhập tờ khai giấy cho gia đình</h1>
  <p class="small">Chốt: <strong><?cs if:Place.name ?><?cs var:Place.name ?><?cs else ?>chưa được gán<?cs /if ?></strong> · <a href="/paper-entry">Nhập tờ khai một người</a> · <a href="/verify">Về màn hình quét mã</a></p>
  <?cs if:Form.message ?><p class="alert" role="alert"><?cs var:Form.message ?></p><?cs /if ?>
  <?cs call:error_summary() ?>
  <form method="post" action="/paper-entry/household" novalidate id="paper-household-form">
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
    <input type="hidden" name="client_ref" value="<?cs var:Form.client_ref.value ?>">
    <?cs call:field_error("client_ref") ?>
<?cs call:family_fieldsets(0) ?>
    <fieldset>
      <legend>5. Qua chốt<?cs call:req() ?></legend>
      <label class="check"><input type="radio" id="direction" name="direction" value="in"<?cs if:Form.direction.value != "out" ?> checked<?cs /if ?>> Vào</label>
      <label class="check"><input type="radio" name="direction" value="out"<?cs if:Form.direction.value == "out" ?> checked<?cs /if ?>> Ra</label>
      <?cs call:field_error("direction") ?>
    </fieldset>
    <button type="submit" class="primary">Lưu các tờ khai và ghi nhận qua chốt</button>
  </form>
</section>
<script src="/js/unit-search.js" defer></script>
<script src="/js/declare.js" defer></script>
<?cs call:footer() ?>
