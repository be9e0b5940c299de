<?cs include:"layout.cs" ?><?cs include:"welfare-parts.cs" ?><?cs
# People registered for support in the officer's unit (cgi-bin/welfare-
  lists.c), with the commune police's forms: register (checked against
  the population registry) and pay (once in the whole country). ?><?cs
call:header("Người được hỗ trợ") ?>
<?cs call:wf_nav() ?>
<section class="card">
  <h1>Người được hỗ trợ — <?cs var:View.unit_name ?></h1>
  <?cs call:wf_notices() ?>
  <form method="get" action="/welfare/beneficiaries" class="search">
    <?cs call:wf_program_select("filter", View.program) ?>
    <?cs if:View.commune ?><input type="hidden" name="commune" value="<?cs var:View.commune ?>"><?cs /if ?>
    <button type="submit">Xem</button>
  </form>
</section>
<?cs if:Session.role == "police" ?>
<section class="card actions-list">
  <details id="form-register"<?cs if:Open == "register" || !Open ?> open<?cs /if ?>>
  <summary>Đăng ký người được hỗ trợ</summary>
  <form method="post" action="/welfare" novalidate>
    <?cs call:wf_post("register") ?>
    <?cs call:wf_program_select("register", Form.register.program.value) ?>
    <label for="register-id_number">Số CCCD/CMND</label>
    <input id="register-id_number" name="id_number" inputmode="numeric" maxlength="12" autocomplete="off" required value="<?cs var:Form.register.id_number.value ?>"<?cs call:wf_invalid("register", "id_number") ?>>
    <?cs call:wf_err("register", "id_number") ?>
    <label for="register-full_name">Họ và tên (như trên giấy tờ)</label>
    <input id="register-full_name" name="full_name" maxlength="100" autocomplete="off" required value="<?cs var:Form.register.full_name.value ?>"<?cs call:wf_invalid("register", "full_name") ?>>
    <?cs call:wf_err("register", "full_name") ?>
    <div class="row">
      <div>
        <label for="register-dob">Ngày sinh</label>
        <input id="register-dob" name="dob" type="date" required value="<?cs var:Form.register.dob.value ?>"<?cs call:wf_invalid("register", "dob") ?>>
        <?cs call:wf_err("register", "dob") ?>
      </div>
      <div>
        <label for="register-gender">Giới tính</label>
        <select id="register-gender" name="gender" required<?cs call:wf_invalid("register", "gender") ?>>
          <option value="">—</option>
          <option value="M"<?cs if:Form.register.gender.value == "M" ?> selected<?cs /if ?>>Nam</option>
          <option value="F"<?cs if:Form.register.gender.value == "F" ?> selected<?cs /if ?>>Nữ</option>
        </select>
        <?cs call:wf_err("register", "gender") ?>
      </div>
    </div>
    <label for="register-residence">Nơi cư trú hiện nay tại xã/phường</label>
    <select id="register-residence" name="residence" required<?cs call:wf_invalid("register", "residence") ?>><?cs
      each:x = Residences ?>
      <option value="<?cs var:x.code ?>"<?cs if:Form.register.residence.value == x.code ?> selected<?cs /if ?>><?cs var:x.label ?></option><?cs /each ?>
    </select>
    <?cs call:wf_err("register", "residence") ?>
    <label for="register-category">Nhóm đối tượng</label>
    <select id="register-category" name="category" required<?cs call:wf_invalid("register", "category") ?>>
      <option value="">— Chọn nhóm —</option><?cs
      each:x = Categories ?>
      <option value="<?cs var:x.code ?>"<?cs if:Form.register.category.value == x.code ?> selected<?cs /if ?>><?cs var:x.label ?></option><?cs /each ?>
    </select>
    <?cs call:wf_err("register", "category") ?>
    <?cs if:Can.pick_commune ?>
    <label for="register-commune">Mã xã/phường nơi công dân đang sống</label>
    <input id="register-commune" name="commune" inputmode="numeric" maxlength="5" autocomplete="off" required value="<?cs if:Form.register.commune.value ?><?cs var:Form.register.commune.value ?><?cs else ?><?cs var:View.commune ?><?cs /if ?>"<?cs call:wf_invalid("register", "commune") ?>>
    <?cs /if ?>
    <?cs call:wf_err("register", "commune") ?>
    <label for="register-note">Ghi chú (người không nơi cư trú ổn định: nơi đang ở)</label>
    <input id="register-note" name="note" maxlength="500" autocomplete="off" value="<?cs var:Form.register.note.value ?>"<?cs call:wf_invalid("register", "note") ?>>
    <?cs call:wf_err("register", "note") ?>
    <button type="submit" class="primary">Đối chiếu CSDL dân cư và đăng ký</button>
  </form>
  </details>
  <details id="form-pay"<?cs if:Open == "pay" ?> open<?cs /if ?>>
  <summary>Ghi nhận chi trả</summary>
  <form method="post" action="/welfare/pay" novalidate>
    <?cs call:wf_post("") ?>
    <?cs call:wf_program_select("pay", Form.pay.program.value) ?>
    <label for="pay-id_number">Số CCCD/CMND</label>
    <input id="pay-id_number" name="id_number" inputmode="numeric" maxlength="12" autocomplete="off" required value="<?cs var:Form.pay.id_number.value ?>"<?cs call:wf_invalid("pay", "id_number") ?>>
    <?cs call:wf_err("pay", "id_number") ?>
    <div class="row">
      <div>
        <label for="pay-amount">Số tiền (đồng)</label>
        <input id="pay-amount" name="amount" inputmode="numeric" maxlength="9" autocomplete="off" required value="<?cs var:Form.pay.amount.value ?>"<?cs call:wf_invalid("pay", "amount") ?>>
        <?cs call:wf_err("pay", "amount") ?>
      </div>
      <div>
        <label for="pay-paid_on">Ngày chi trả (trống: hôm nay)</label>
        <input id="pay-paid_on" name="paid_on" type="date" value="<?cs var:Form.pay.paid_on.value ?>"<?cs call:wf_invalid("pay", "paid_on") ?>>
        <?cs call:wf_err("pay", "paid_on") ?>
      </div>
    </div>
    <?cs call:wf_err("pay", "client_ref") ?>
    <button type="submit" class="primary">Ghi nhận chi trả</button>
  </form>
  </details>
</section>
<?cs /if ?>
<section class="card">
  <h2>Danh sách (<span id="total"><?cs var:List.total ?></span>)</h2>
  <div class="scroll"><table id="items">
    <thead><tr><th>Họ tên</th><th>Số giấy tờ</th><th>Xã/phường</th><th>Cư trú</th><th>Nhóm</th><th>Đã nhận</th></tr></thead>
    <tbody><?cs each:i = Items ?>
      <tr><td><?cs var:i.full_name ?></td><td><?cs var:i.id_number ?></td><td><?cs var:i.commune_label ?></td><td><?cs var:i.residence_label ?></td><td><?cs var:i.category_label ?></td><td><?cs if:i.payment_id ?><?cs var:i.amount_vn ?> đ, <?cs var:i.paid_on_vn ?><?cs if:i.paid_commune_label ?> (tại <?cs var:i.paid_commune_label ?>)<?cs /if ?><?cs else ?>Chưa<?cs /if ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs call:wf_pager("/welfare/beneficiaries") ?>
</section>
<?cs call:footer() ?>
