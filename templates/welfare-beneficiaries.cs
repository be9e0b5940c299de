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
    <?cs call:wf_input("register", "id_number", "Số CCCD/CMND", "", "numeric", "12") ?>
    <?cs call:wf_input("register", "full_name", "Họ và tên (như trên giấy tờ)", "", "", "100") ?>
    <div class="row">
      <div>
        <?cs call:wf_input("register", "dob", "Ngày sinh", "date", "", "") ?>
      </div>
      <div>
        <?cs call:wf_choice("register", "gender", "Giới tính", Genders, "—") ?>
      </div>
    </div>
    <?cs call:wf_choice("register", "residence", "Nơi cư trú hiện nay tại xã/phường", Residences, "") ?>
    <?cs call:wf_choice("register", "category", "Nhóm đối tượng", Categories, "— Chọn nhóm —") ?>
    <?cs if:Can.pick_commune ?>
    <label for="register-commune">Mã xã/phường nơi công dân đang sống</label>
    <input id="register-commune" name="commune" inputmode="numeric" maxlength="5" autocomplete="off" required value="<?cs if:Form.register.commune.value ?><?cs var:Form.register.commune.value ?><?cs else ?><?cs var:View.commune ?><?cs /if ?>"<?cs call:wf_invalid("register", "commune") ?>>
    <?cs /if ?>
    <?cs call:wf_err("register", "commune") ?>
    <?cs call:wf_input("register", "note", "Ghi chú (người không nơi cư trú ổn định: nơi đang ở)", "", "", "500") ?>
    <button type="submit" class="primary">Đối chiếu CSDL dân cư và đăng ký</button>
  </form>
  </details>
  <details id="form-pay"<?cs if:Open == "pay" ?> open<?cs /if ?>>
  <summary>Ghi nhận chi trả</summary>
  <form method="post" action="/welfare/pay" novalidate>
    <?cs call:wf_post("") ?>
    <?cs call:wf_program_select("pay", Form.pay.program.value) ?>
    <?cs call:wf_input("pay", "id_number", "Số CCCD/CMND", "", "numeric", "12") ?>
    <div class="row">
      <div>
        <?cs call:wf_input("pay", "amount", "Số tiền (đồng)", "", "numeric", "9") ?>
      </div>
      <div>
        <?cs call:wf_input("pay", "paid_on", "Ngày chi trả (trống: hôm nay)", "date", "", "") ?>
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
