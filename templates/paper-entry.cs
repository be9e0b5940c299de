<?cs # Paper declaration typed by a checkpoint officer (cgi-bin/paper-entry.c).
      The same field names as the citizen's form (lib/decl.h); values and
      messages under Form.<field>.value / .error / .label.  The registry
      look-up is a POST form (action=lookup, with the csrf field), so the
      ID number stays out of the URL; no JavaScript needed.  js/declare.js
      (issue 3) adds the commune pickers to every input[data-commune]. ?>
<?cs include:"layout.cs" ?><?cs
def:invalid(name) ?><?cs if:Form[name].error ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?><?cs /def ?><?cs
def:req() ?> <span class="req" aria-hidden="true">*</span><?cs /def ?><?cs
def:commune(name, label, required) ?>
  <div class="commune">
    <label for="<?cs var:name ?>"><?cs var:label ?><?cs if:required ?><?cs call:req() ?><?cs /if ?></label>
    <input id="<?cs var:name ?>" name="<?cs var:name ?>" data-commune inputmode="numeric" autocomplete="off" maxlength="5" placeholder="Mã xã/phường, 5 chữ số" value="<?cs var:Form[name].value ?>"<?cs call:invalid(name) ?>>
    <?cs if:Form[name].label ?><p class="place small"><?cs var:Form[name].label ?></p><?cs /if ?>
    <?cs call:field_error(name) ?>
  </div><?cs /def ?><?cs
def:address(name, label) ?>
  <label for="<?cs var:name ?>"><?cs var:label ?></label>
  <input id="<?cs var:name ?>" name="<?cs var:name ?>" maxlength="200" autocomplete="off" value="<?cs var:Form[name].value ?>"<?cs call:invalid(name) ?>>
  <?cs call:field_error(name) ?><?cs /def ?><?cs
def:flag(name, label) ?>
  <label class="check"><input type="checkbox" name="<?cs var:name ?>" value="1"<?cs if:Form[name].value == "1" ?> checked<?cs /if ?>> <?cs var:label ?></label><?cs /def ?><?cs
def:dose(n) ?><label class="check"><input type="radio" name="vaccine_doses" value="<?cs var:n ?>"<?cs if:Form.vaccine_doses.value == n ?> checked<?cs /if ?>> <?cs var:n ?></label><?cs /def ?><?cs
call:header("Nhập tờ khai giấy") ?>
<link rel="stylesheet" href="/css/kiosk.css">
<section class="card">
  <h1>Nhập tờ khai giấy</h1>
  <p class="small">Chốt: <strong><?cs if:Place.name ?><?cs var:Place.name ?><?cs else ?>chưa được gán<?cs /if ?></strong> · <a href="/verify">Về màn hình quét mã</a></p>
  <?cs if:Form.message ?><p class="alert" role="alert"><?cs var:Form.message ?></p><?cs /if ?>
  <?cs if:Form.notice ?><p class="ok" role="status"><?cs var:Form.notice ?></p><?cs /if ?>
  <form method="post" action="/paper-entry" class="lookup">
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
    <input type="hidden" name="action" value="lookup">
    <label for="lookup">Tra CSDL dân cư theo số CCCD/CMND</label>
    <div class="code-row">
      <input id="lookup" name="lookup" inputmode="numeric" maxlength="12" autocomplete="off" value="<?cs var:Form.id_number.value ?>">
      <button type="submit">Tra cứu</button>
    </div>
  </form>
</section>
<section class="card">
  <form method="post" action="/paper-entry" novalidate id="paper-form">
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
    <input type="hidden" name="client_ref" value="<?cs var:Form.client_ref.value ?>">
    <?cs call:field_error("client_ref") ?>
    <fieldset>
      <legend>1. Thông tin cá nhân</legend>
      <label for="id_number">Số CCCD/CMND<?cs call:req() ?></label>
      <input id="id_number" name="id_number" inputmode="numeric" autocomplete="off" maxlength="12" value="<?cs var:Form.id_number.value ?>"<?cs call:invalid("id_number") ?>>
      <?cs call:field_error("id_number") ?>
      <label for="full_name">Họ và tên<?cs call:req() ?></label>
      <input id="full_name" name="full_name" autocomplete="off" maxlength="100" value="<?cs var:Form.full_name.value ?>"<?cs call:invalid("full_name") ?>>
      <?cs call:field_error("full_name") ?>
      <div class="row">
        <div>
          <label for="dob">Ngày sinh<?cs call:req() ?></label>
          <input id="dob" name="dob" type="date" min="1900-01-01" max="<?cs var:Today ?>" value="<?cs var:Form.dob.value ?>"<?cs call:invalid("dob") ?>>
          <?cs call:field_error("dob") ?>
        </div>
        <div>
          <fieldset class="inline">
            <legend>Giới tính<?cs call:req() ?></legend>
            <label class="check"><input type="radio" name="gender" value="M"<?cs if:Form.gender.value == "M" ?> checked<?cs /if ?>> Nam</label>
            <label class="check"><input type="radio" name="gender" value="F"<?cs if:Form.gender.value == "F" ?> checked<?cs /if ?>> Nữ</label>
          </fieldset>
          <?cs call:field_error("gender") ?>
        </div>
      </div>
      <label for="phone">Số điện thoại (nếu có)</label>
      <input id="phone" name="phone" type="tel" inputmode="numeric" maxlength="10" value="<?cs var:Form.phone.value ?>"<?cs call:invalid("phone") ?>>
      <?cs call:field_error("phone") ?>
    </fieldset>
    <fieldset>
      <legend>2. Nơi cư trú</legend>
      <?cs call:commune("perm_commune", "Xã/phường thường trú", 1) ?>
      <?cs call:address("perm_address", "Địa chỉ thường trú *") ?>
      <?cs call:commune("temp_commune", "Xã/phường tạm trú (nếu có)", 0) ?>
      <?cs call:address("temp_address", "Địa chỉ tạm trú") ?>
      <?cs call:commune("stay_commune", "Xã/phường lưu trú (nếu khác)", 0) ?>
      <?cs call:address("stay_address", "Địa chỉ lưu trú") ?>
    </fieldset>
    <fieldset>
      <legend>3. Đi từ → đến</legend>
      <?cs call:commune("from_commune", "Đi từ xã/phường", 1) ?>
      <?cs call:address("from_address", "Địa chỉ nơi đi *") ?>
      <?cs call:commune("to_commune", "Đến xã/phường", 1) ?>
      <?cs call:address("to_address", "Địa chỉ nơi đến *") ?>
      <div class="row">
        <div>
          <label for="travel_date">Ngày đi</label>
          <input id="travel_date" name="travel_date" type="date" value="<?cs var:Form.travel_date.value ?>"<?cs call:invalid("travel_date") ?>>
          <?cs call:field_error("travel_date") ?>
        </div>
        <div>
          <label for="vehicle">Phương tiện</label>
          <select id="vehicle" name="vehicle"<?cs call:invalid("vehicle") ?>>
            <option value="">— Chọn —</option>
            <?cs each:v = Vehicles ?><option value="<?cs var:v.code ?>"<?cs if:Form.vehicle.value == v.code ?> selected<?cs /if ?>><?cs var:v.name ?></option>
            <?cs /each ?>
          </select>
          <?cs call:field_error("vehicle") ?>
        </div>
      </div>
      <label for="plate">Biển kiểm soát</label>
      <input id="plate" name="plate" maxlength="15" autocomplete="off" value="<?cs var:Form.plate.value ?>"<?cs call:invalid("plate") ?>>
      <?cs call:field_error("plate") ?>
    </fieldset>
    <fieldset>
      <legend>4. Sức khoẻ và dịch tễ (14 ngày qua)</legend>
      <?cs call:flag("fever", "Sốt") ?>
      <?cs call:flag("cough", "Ho") ?>
      <?cs call:flag("breath", "Khó thở") ?>
      <?cs call:flag("sore_throat", "Đau họng") ?>
      <?cs call:flag("taste_smell", "Mất vị giác hoặc khứu giác") ?>
      <?cs call:flag("contact_f0", "Tiếp xúc gần với F0") ?>
      <?cs call:flag("from_epidemic_zone", "Đến từ hoặc đi qua vùng có dịch") ?>
      <fieldset class="inline">
        <legend>Số mũi vắc-xin<?cs call:req() ?></legend>
        <?cs call:dose("0") ?> <?cs call:dose("1") ?> <?cs call:dose("2") ?> <?cs call:dose("3") ?> <?cs call:dose("4") ?>
      </fieldset>
      <?cs call:field_error("vaccine_doses") ?>
    </fieldset>
    <fieldset>
      <legend>5. Qua chốt<?cs call:req() ?></legend>
      <label class="check"><input type="radio" name="direction" value="in"<?cs if:Form.direction.value != "out" ?> checked<?cs /if ?>> Vào</label>
      <label class="check"><input type="radio" name="direction" value="out"<?cs if:Form.direction.value == "out" ?> checked<?cs /if ?>> Ra</label>
      <?cs call:field_error("direction") ?>
    </fieldset>
    <button type="submit" class="primary">Lưu tờ khai và ghi nhận qua chốt</button>
  </form>
</section>
<script src="/js/declare.js" defer></script>
<?cs call:footer() ?>
