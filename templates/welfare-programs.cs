<?cs include:"layout.cs" ?><?cs include:"welfare-parts.cs" ?><?cs
# Support programs (cgi-bin/welfare-lists.c): the list the officer works
  under, and for an administrator of the country or a province the form
  to create one. ?><?cs
call:header("Chương trình hỗ trợ") ?>
<?cs call:wf_nav() ?>
<section class="card">
  <h1>Chương trình hỗ trợ</h1>
  <?cs call:wf_notices() ?>
  <?cs if:subcount(Items) ?>
  <div class="scroll"><table id="programs">
    <thead><tr><th>Mã</th><th>Tên</th><th>Mức hỗ trợ (đ)</th><th>Thời gian</th><th>Phạm vi</th><th>Đối tượng</th></tr></thead>
    <tbody><?cs each:p = Items ?>
      <tr><td><?cs var:p.program_id ?></td><td><?cs var:p.name ?></td><td><?cs var:p.amount_vn ?></td><td><?cs var:p.start_date_vn ?> – <?cs var:p.end_date_vn ?></td><td><?cs var:p.scope ?></td><td><?cs each:c = p.cats ?><?cs var:c ?><?cs if:!last(c) ?>; <?cs /if ?><?cs /each ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs else ?>
  <p>Chưa có chương trình hỗ trợ nào.</p>
  <?cs /if ?>
  <?cs call:wf_pager("/welfare/programs") ?>
</section>
<?cs if:Session.role == "admin" && Can.create_program ?>
<section class="card">
  <h2>Tạo chương trình hỗ trợ</h2>
  <form method="post" action="/welfare" novalidate id="form-create_program">
    <?cs call:wf_post("create_program") ?>
    <?cs call:wf_input("create_program", "name", "Tên chương trình", "", "", "200") ?>
    <?cs call:wf_input("create_program", "amount", "Mức hỗ trợ mỗi người (đồng)", "", "numeric", "9") ?>
    <div class="row">
      <div>
        <?cs call:wf_input("create_program", "start_date", "Từ ngày", "date", "", "") ?>
      </div>
      <div>
        <?cs call:wf_input("create_program", "end_date", "Đến ngày", "date", "", "") ?>
      </div>
    </div>
    <?cs if:!Session.unit ?>
    <label for="create_program-province">Tỉnh, thành phố (để trống: chương trình toàn quốc)</label>
    <input id="create_program-province" name="province" inputmode="numeric" maxlength="2" autocomplete="off" value="<?cs var:Form.create_program.province.value ?>"<?cs call:wf_invalid("create_program", "province") ?>>
    <?cs /if ?>
    <?cs call:wf_err("create_program", "province") ?>
    <fieldset class="inline">
      <legend>Đối tượng được hỗ trợ</legend><?cs
      each:c = Categories ?>
      <label class="check"><input type="checkbox" name="<?cs var:c.field ?>" value="1"<?cs if:Form.create_program[c.field].value == "1" ?> checked<?cs /if ?>> <?cs var:c.label ?></label><?cs /each ?>
    </fieldset>
    <?cs call:wf_err("create_program", "cat_worker_suspended") ?>
    <button type="submit" class="primary">Tạo chương trình</button>
  </form>
</section>
<?cs /if ?>
<?cs call:footer() ?>
