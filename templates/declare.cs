<?cs include:"layout.cs" ?><?cs include:"find-form.cs" ?><?cs
# The declaration form, grouped like the paper form.  Values and messages
  come under Form.<field>.value / .error / .label (the commune's name).
  Works without JavaScript: each commune is a text input for its code;
  js/declare.js turns it into province / district / commune selects.
?><?cs def:invalid(name) ?><?cs if:Form[name].error ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?><?cs /def ?><?cs
def:req() ?> <span class="req" aria-hidden="true">*</span><?cs /def ?><?cs
def:commune(name, label, required) ?>
  <div class="commune">
    <label for="<?cs var:name ?>"><?cs var:label ?><?cs if:required ?><?cs call:req() ?><?cs /if ?></label>
    <input id="<?cs var:name ?>" name="<?cs var:name ?>" data-commune inputmode="numeric" autocomplete="off" maxlength="5" placeholder="Mã xã/phường, 5 chữ số" value="<?cs var:Form[name].value ?>"<?cs call:invalid(name) ?>>
    <?cs if:Form[name].label ?><p class="place small"><?cs var:Form[name].label ?></p><?cs /if ?>
    <?cs call:field_error(name) ?>
  </div><?cs /def ?><?cs
def:address(name, label, required) ?>
  <label for="<?cs var:name ?>"><?cs var:label ?><?cs if:required ?><?cs call:req() ?><?cs /if ?></label>
  <input id="<?cs var:name ?>" name="<?cs var:name ?>" maxlength="200" autocomplete="off" placeholder="Số nhà, đường, thôn/xóm" value="<?cs var:Form[name].value ?>"<?cs call:invalid(name) ?>>
  <?cs call:field_error(name) ?><?cs /def ?><?cs
def:flag(name, label) ?>
  <label class="check"><input type="checkbox" name="<?cs var:name ?>" value="1"<?cs if:Form[name].value == "1" ?> checked<?cs /if ?>> <?cs var:label ?></label>
  <?cs call:field_error(name) ?><?cs /def ?><?cs
def:dose(n) ?><label class="check"><input type="radio" name="vaccine_doses" value="<?cs var:n ?>"<?cs if:Form.vaccine_doses.value == n ?> checked<?cs /if ?>> <?cs var:n ?></label><?cs /def ?><?cs
call:header("Khai báo di chuyển và y tế") ?>
<section class="card">
  <h1>Khai báo di chuyển và y tế</h1>
  <?cs if:Form.message ?><p class="alert" role="alert"><?cs var:Form.message ?></p><?cs /if ?>
  <p class="small">Khai báo xong, bạn nhận mã QR có giá trị 72 giờ để xuất trình cùng CCCD/CMND tại chốt kiểm soát. Mục có dấu <span class="req">*</span> là bắt buộc.</p>
  <form method="post" action="/declare" novalidate id="declare-form">
    <input type="hidden" name="client_ref" value="<?cs var:Form.client_ref.value ?>">
    <?cs call:field_error("client_ref") ?>

    <fieldset>
      <legend>1. Thông tin cá nhân</legend>
      <label for="id_number">Số CCCD (12 số) hoặc CMND (9 số)<?cs call:req() ?></label>
      <input id="id_number" name="id_number" inputmode="numeric" autocomplete="off" maxlength="12" value="<?cs var:Form.id_number.value ?>"<?cs call:invalid("id_number") ?>>
      <?cs call:field_error("id_number") ?>
      <label for="full_name">Họ và tên<?cs call:req() ?></label>
      <input id="full_name" name="full_name" autocomplete="name" autocapitalize="words" maxlength="100" value="<?cs var:Form.full_name.value ?>"<?cs call:invalid("full_name") ?>>
      <?cs call:field_error("full_name") ?>
      <div class="row">
        <div>
          <label for="dob">Ngày sinh<?cs call:req() ?></label>
          <input id="dob" name="dob" type="date" min="1900-01-01" max="<?cs var:Today ?>" autocomplete="bday" value="<?cs var:Form.dob.value ?>"<?cs call:invalid("dob") ?>>
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
      <label for="phone">Số điện thoại<?cs call:req() ?></label>
      <input id="phone" name="phone" type="tel" inputmode="numeric" autocomplete="tel" maxlength="10" placeholder="0912345678" value="<?cs var:Form.phone.value ?>"<?cs call:invalid("phone") ?>>
      <?cs call:field_error("phone") ?>
    </fieldset>

    <fieldset>
      <legend>2. Nơi cư trú</legend>
      <p class="small nojs">Mã xã/phường: 5 chữ số theo danh mục hành chính (tra tại danhmuchanhchinh.gso.gov.vn); huyện đảo không có xã dùng mã huyện (3 chữ số).</p>
      <h2>Thường trú</h2>
      <?cs call:commune("perm_commune", "Xã/phường thường trú", 1) ?>
      <?cs call:address("perm_address", "Địa chỉ thường trú", 1) ?>
      <h2>Tạm trú <span class="small">(nếu có)</span></h2>
      <?cs call:commune("temp_commune", "Xã/phường tạm trú", 0) ?>
      <?cs call:address("temp_address", "Địa chỉ tạm trú", 0) ?>
      <h2>Nơi lưu trú hiện nay <span class="small">(nếu khác)</span></h2>
      <?cs call:commune("stay_commune", "Xã/phường lưu trú", 0) ?>
      <?cs call:address("stay_address", "Địa chỉ lưu trú", 0) ?>
    </fieldset>

    <fieldset>
      <legend>3. Lịch trình di chuyển</legend>
      <h2>Nơi đi</h2>
      <?cs call:commune("from_commune", "Đi từ xã/phường", 1) ?>
      <?cs call:address("from_address", "Địa chỉ nơi đi", 1) ?>
      <h2>Nơi đến</h2>
      <?cs call:commune("to_commune", "Đến xã/phường", 1) ?>
      <?cs call:address("to_address", "Địa chỉ nơi đến", 1) ?>
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
    </fieldset>

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
    </fieldset>

    <fieldset>
      <legend>5. Cam kết</legend>
      <p class="small">Bằng việc bấm “Gửi khai báo”, tôi cam kết những thông tin trên là đúng sự thật. Khai báo thông tin sai sự thật là vi phạm pháp luật và có thể bị xử lý theo quy định.</p>
    </fieldset>
    <button type="submit" class="primary">Gửi khai báo</button>
  </form>
</section>
<section class="card" id="tim-lai">
  <h2>Đã khai báo? Tìm lại mã QR</h2>
  <p class="small">Nhập số giấy tờ, ngày sinh và số điện thoại đã khai báo.</p>
  <?cs call:find_form() ?>
</section>
<script src="/js/declare.js" defer></script>
<?cs call:footer() ?>
