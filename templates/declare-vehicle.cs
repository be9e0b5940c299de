<?cs include:"layout.cs" ?><?cs include:"decl-form.cs" ?><?cs
# A green-lane vehicle pass (cgi-bin/declare-vehicle.c): the driver's own
  declaration (the fieldsets of decl-form.cs) with the vehicle, its cargo,
  the route and the co-driver.  Its QR is checked at the depot before the
  vehicle leaves, then at every checkpoint. ?><?cs
call:header("Thẻ xe luồng xanh") ?>
<section class="card">
  <h1>Đăng ký xe luồng xanh</h1>
  <?cs if:Form.message ?><p class="alert" role="alert"><?cs var:Form.message ?></p><?cs /if ?>
  <?cs call:error_summary() ?>
  <p class="small">Lái xe khai báo y tế cho mình và thông tin xe, hàng hoá, lộ trình. Mã QR nhận được là thẻ luồng xanh của xe, có giá trị 72 giờ: xuất trình cho cán bộ tại kho, bến trước khi xuất phát và tại mọi chốt kiểm soát. Phụ xe cũng phải tự khai báo y tế. Mục có dấu <span class="req">*</span> là bắt buộc.</p>
  <form method="post" action="/declare/vehicle" novalidate id="vehicle-form">
    <input type="hidden" name="client_ref" value="<?cs var:Form.client_ref.value ?>">
    <?cs call:field_error("client_ref") ?>
<?cs call:decl_person(1) ?>
<?cs call:decl_residence() ?>
    <fieldset>
      <legend>3. Xe, hàng hoá và lộ trình</legend>
      <label for="plate">Biển kiểm soát<?cs call:req() ?></label>
      <input id="plate" name="plate" autocomplete="off" autocapitalize="characters" maxlength="15" placeholder="51C-123.45" value="<?cs var:Form.plate.value ?>"<?cs call:invalid("plate") ?>>
      <?cs call:field_error("plate") ?>
      <label for="vehicle_kind">Loại xe<?cs call:req() ?></label>
      <select id="vehicle_kind" name="vehicle_kind"<?cs call:invalid("vehicle_kind") ?>>
        <option value="">— Chọn —</option>
        <?cs each:k = VehicleKinds ?><option value="<?cs var:k.code ?>"<?cs if:Form.vehicle_kind.value == k.code ?> selected<?cs /if ?>><?cs var:k.name ?></option>
        <?cs /each ?>
      </select>
      <?cs call:field_error("vehicle_kind") ?>
      <label for="cargo">Hàng hoá<?cs call:req() ?></label>
      <input id="cargo" name="cargo" maxlength="200" autocomplete="off" placeholder="Rau củ, thực phẩm thiết yếu" value="<?cs var:Form.cargo.value ?>"<?cs call:invalid("cargo") ?>>
      <?cs call:field_error("cargo") ?>
<?cs call:decl_route("Nơi đi (kho, bến xuất phát)") ?>
      <label for="travel_date">Ngày đi</label>
      <input id="travel_date" name="travel_date" type="date" value="<?cs var:Form.travel_date.value ?>"<?cs call:invalid("travel_date") ?>>
      <?cs call:field_error("travel_date") ?>
      <label for="co_driver_id_number">Số CCCD/CMND của phụ xe (nếu có)</label>
      <input id="co_driver_id_number" name="co_driver_id_number" inputmode="numeric" maxlength="14" autocomplete="off" value="<?cs var:Form.co_driver_id_number.value ?>"<?cs call:invalid("co_driver_id_number") ?>>
      <?cs call:field_error("co_driver_id_number") ?>
    </fieldset>
<?cs call:decl_health() ?>
    <fieldset>
      <legend>5. Cam kết</legend>
      <p class="small">Bằng việc bấm “Gửi đăng ký”, tôi cam kết những thông tin trên là đúng sự thật, xe chỉ chở hàng hoá đã khai và không dừng, đỗ ngoài lộ trình.</p>
    </fieldset>
    <button type="submit" class="primary">Gửi đăng ký</button>
  </form>
</section>
<script src="/js/unit-search.js" defer></script>
<script src="/js/declare.js" defer></script>
<?cs call:footer() ?>
