<?cs # The declaration's fieldsets (lib/decl.h), shared by the citizen's own
      form (declare.cs), the family form (household.cs) and the officer's
      paper entries (paper-entry.cs, paper-household.cs).  Values and
      messages come under Form.<field>.value / .error; Errors lists the
      fields in error for the summary above the form.  own: the citizen
      fills in the form on their own device (autofill hints, phone
      required); else an officer types someone's paper form (no
      autofill: the browser is the officer's; phone optional).
      Each commune is one text field (<commune>_q): a few letters of its
      name, with or without tone marks.  Without JavaScript the server
      looks the text up when the form is sent (lib/decl.c
      kd_decl_settle): one match is taken, several come back as a list
      to pick from (Form.<commune>.choices); js/declare.js offers the
      matches while typing (GET /declare/units).  A commune chosen is a
      hidden input <commune> beside its text.  Needs layout.cs. ?><?cs
def:invalid(name) ?><?cs if:Form[name].error ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?><?cs /def ?><?cs
def:req() ?> <span class="req" aria-hidden="true">*</span><?cs /def ?><?cs

def:error_summary() ?><?cs if:subcount(Errors) > 0 ?>
  <div class="alert errsum-box" role="alert" id="error-summary" tabindex="-1">
    <p><strong>Vui lòng sửa <?cs var:subcount(Errors) ?> mục dưới đây:</strong></p>
    <ul class="errsum"><?cs each:e = Errors ?>
      <li><a href="#<?cs var:e.anchor ?>"><?cs if:e.title ?><?cs var:e.title ?>: <?cs /if ?><?cs var:e.message ?></a></li><?cs /each ?>
    </ul>
  </div><?cs /if ?><?cs /def ?><?cs

def:commune(name, label, required) ?>
  <div class="commune" data-unit-field="<?cs var:name ?>">
    <label for="<?cs var:name ?>_q"><?cs var:label ?><?cs if:required ?><?cs call:req() ?><?cs /if ?></label>
    <input id="<?cs var:name ?>_q" name="<?cs var:name ?>_q" class="unit-search" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="200" placeholder="Gõ tên xã/phường, ví dụ: ham rong" value="<?cs var:Form[name + '_q'].value ?>"<?cs if:Form[name].error ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?>>
    <?cs if:subcount(Form[name].choices) > 0 ?>
    <fieldset class="choices">
      <legend>Chọn xã/phường của bạn:</legend>
      <?cs each:c = Form[name].choices ?><label class="check"><input type="radio" name="<?cs var:name ?>" value="<?cs var:c.code ?>"> <?cs var:c.label ?></label>
      <?cs /each ?>
    </fieldset>
    <?cs elif:Form[name].value && !Form[name].error ?>
    <input type="hidden" name="<?cs var:name ?>" value="<?cs var:Form[name].value ?>">
    <?cs /if ?>
    <?cs call:field_error(name) ?>
  </div><?cs /def ?><?cs

def:address(name, label, required) ?>
  <label for="<?cs var:name ?>"><?cs var:label ?><?cs if:required ?><?cs call:req() ?><?cs /if ?></label>
  <input id="<?cs var:name ?>" name="<?cs var:name ?>" maxlength="200" autocomplete="off" placeholder="Số nhà, đường, thôn/xóm" value="<?cs var:Form[name].value ?>"<?cs call:invalid(name) ?>>
  <?cs call:field_error(name) ?><?cs /def ?><?cs

def:same(place, label) ?>
  <label class="check same"><input type="checkbox" id="<?cs var:place ?>_same" name="<?cs var:place ?>_same" value="1" data-same="<?cs var:place ?>-place"<?cs if:Form[place + '_same'].value == "1" ?> checked<?cs /if ?>> <?cs var:label ?></label>
  <p class="small nojs">Đã đánh dấu thì không cần điền các ô bên dưới.</p><?cs /def ?><?cs

def:flag(name, label) ?>
  <label class="check"><input type="checkbox" name="<?cs var:name ?>" value="1"<?cs if:Form[name].value == "1" ?> checked<?cs /if ?>> <?cs var:label ?></label>
  <?cs call:field_error(name) ?><?cs /def ?><?cs
def:dose(n) ?><label class="check"><input type="radio" <?cs if:n == "0" ?>id="vaccine_doses" <?cs /if ?>name="vaccine_doses" value="<?cs var:n ?>"<?cs if:Form.vaccine_doses.value == n ?> checked<?cs /if ?>> <?cs var:n ?></label><?cs /def ?><?cs

def:decl_phone(own) ?>
      <label for="phone">Số điện thoại<?cs if:own ?><?cs call:req() ?><?cs else ?> (nếu có)<?cs /if ?></label>
      <input id="phone" name="phone" type="tel" autocomplete="<?cs if:own ?>tel<?cs else ?>off<?cs /if ?>" maxlength="20" placeholder="0912 345 678" value="<?cs var:Form.phone.value ?>"<?cs call:invalid("phone") ?>>
      <?cs call:field_error("phone") ?><?cs /def ?><?cs

def:decl_person(own) ?>
    <fieldset>
      <legend>1. Thông tin cá nhân</legend>
      <label for="id_number"><?cs if:own ?>Số CCCD (12 số) hoặc CMND (9 số)<?cs else ?>Số CCCD/CMND<?cs /if ?><?cs call:req() ?></label>
      <input id="id_number" name="id_number" inputmode="numeric" autocomplete="off" maxlength="20" value="<?cs var:Form.id_number.value ?>"<?cs call:invalid("id_number") ?>>
      <?cs call:field_error("id_number") ?>
      <label for="full_name">Họ và tên<?cs call:req() ?></label>
      <input id="full_name" name="full_name" <?cs if:own ?>autocomplete="name" autocapitalize="words"<?cs else ?>autocomplete="off"<?cs /if ?> maxlength="100" value="<?cs var:Form.full_name.value ?>"<?cs call:invalid("full_name") ?>>
      <?cs call:field_error("full_name") ?>
      <div class="row">
        <div>
          <label for="dob">Ngày sinh<?cs call:req() ?></label>
          <input id="dob" name="dob" type="date" min="1900-01-01" max="<?cs var:Today ?>"<?cs if:own ?> autocomplete="bday"<?cs /if ?> value="<?cs var:Form.dob.value ?>"<?cs call:invalid("dob") ?>>
          <?cs call:field_error("dob") ?>
        </div>
        <div>
          <fieldset class="inline">
            <legend>Giới tính<?cs call:req() ?></legend>
            <label class="check"><input type="radio" id="gender" name="gender" value="M"<?cs if:Form.gender.value == "M" ?> checked<?cs /if ?>> Nam</label>
            <label class="check"><input type="radio" name="gender" value="F"<?cs if:Form.gender.value == "F" ?> checked<?cs /if ?>> Nữ</label>
          </fieldset>
          <?cs call:field_error("gender") ?>
        </div>
      </div><?cs call:decl_phone(own) ?>
    </fieldset><?cs /def ?><?cs

def:decl_residence() ?>
    <fieldset>
      <legend>2. Nơi cư trú</legend>
      <h2>Thường trú</h2>
      <?cs call:commune("perm_commune", "Xã/phường thường trú", 1) ?>
      <?cs call:address("perm_address", "Địa chỉ thường trú", 1) ?>
      <h2>Tạm trú <span class="small">(nếu có)</span></h2>
      <?cs call:same("temp", "Giống nơi thường trú") ?>
      <div class="same-target" id="temp-place">
      <?cs call:commune("temp_commune", "Xã/phường tạm trú", 0) ?>
      <?cs call:address("temp_address", "Địa chỉ tạm trú", 0) ?>
      </div>
      <h2>Nơi lưu trú hiện nay <span class="small">(nếu khác)</span></h2>
      <?cs call:same("stay", "Giống nơi thường trú") ?>
      <div class="same-target" id="stay-place">
      <?cs call:commune("stay_commune", "Xã/phường lưu trú", 0) ?>
      <?cs call:address("stay_address", "Địa chỉ lưu trú", 0) ?>
      </div>
    </fieldset><?cs /def ?><?cs

def:decl_route(from_title) ?>
      <h2><?cs var:from_title ?></h2>
      <?cs call:same("from", "Đi từ nơi thường trú") ?>
      <div class="same-target" id="from-place">
      <?cs call:commune("from_commune", "Đi từ xã/phường", 1) ?>
      <?cs call:address("from_address", "Địa chỉ nơi đi", 1) ?>
      </div>
      <h2>Nơi đến</h2>
      <?cs call:commune("to_commune", "Đến xã/phường", 1) ?>
      <?cs call:address("to_address", "Địa chỉ nơi đến", 1) ?><?cs /def ?><?cs

def:decl_travel() ?>
    <fieldset>
      <legend>3. Lịch trình di chuyển</legend>
<?cs call:decl_route("Nơi đi") ?>
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
      <label for="plate">Biển kiểm soát / số hiệu chuyến</label>
      <input id="plate" name="plate" autocomplete="off" autocapitalize="characters" maxlength="15" placeholder="29A-123.45" value="<?cs var:Form.plate.value ?>"<?cs call:invalid("plate") ?>>
      <?cs call:field_error("plate") ?>
    </fieldset><?cs /def ?><?cs

def:decl_health() ?>
    <fieldset>
      <legend>4. Tình trạng sức khoẻ</legend>
      <p>Trong 14 ngày qua, bạn có thấy dấu hiệu nào sau đây không?</p>
      <?cs call:flag("fever", "Sốt") ?>
      <?cs call:flag("cough", "Ho") ?>
      <?cs call:flag("breath", "Khó thở") ?>
      <?cs call:flag("sore_throat", "Đau họng") ?>
      <?cs call:flag("taste_smell", "Mất vị giác hoặc khứu giác") ?>
      <p>Yếu tố dịch tễ trong 14 ngày qua:</p>
      <?cs call:flag("contact_f0", "Tiếp xúc gần với người mắc COVID-19 (F0)") ?>
      <?cs call:flag("from_epidemic_zone", "Đến từ hoặc đi qua vùng có dịch") ?>
      <fieldset class="inline">
        <legend>Số mũi vắc-xin COVID-19 đã tiêm<?cs call:req() ?></legend>
        <?cs call:dose("0") ?> <?cs call:dose("1") ?> <?cs call:dose("2") ?> <?cs call:dose("3") ?> <?cs call:dose("4") ?>
      </fieldset>
      <?cs call:field_error("vaccine_doses") ?>
    </fieldset><?cs /def ?><?cs

def:decl_fieldsets(own) ?><?cs
call:decl_person(own) ?><?cs
call:decl_residence() ?><?cs
call:decl_travel() ?><?cs
call:decl_health() ?><?cs /def ?>
