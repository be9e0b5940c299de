<?cs include:"layout.cs" ?><?cs
# /audit (cgi-bin/admin-audit.c): the filter (Form.<field>.value / .error,
  Form.message), Filter.unit_name, Items.N.at / actor / role_label /
  unit_name / action / target_kind / target / place_id / address, List.*
  for the pages. ?><?cs
def:audit_keep() ?><?cs each:k = Keep ?><?cs if:Form[k].value ?><input type="hidden" name="<?cs var:k ?>" value="<?cs var:Form[k].value ?>"><?cs /if ?><?cs /each ?><?cs /def ?><?cs
call:header("Nhật ký truy cập") ?>
<section class="card">
  <h1>Nhật ký truy cập – <?cs var:Filter.unit_name ?></h1>
  <p class="small">Ai đã làm gì, với ai, khi nào và từ đâu, trong phạm vi đơn vị của bạn. Việc xem nhật ký này cũng được ghi lại.</p>
  <?cs if:Form.message ?><p class="alert" role="alert"><?cs var:Form.message ?></p><?cs /if ?>
  <form method="get" action="/audit" class="filters" novalidate>
    <div class="grid">
      <div><label for="unit">Mã đơn vị</label>
        <input id="unit" name="unit" inputmode="numeric" maxlength="5" value="<?cs var:Form.unit.value ?>"><?cs call:field_error("unit") ?></div>
      <div><label for="from">Từ ngày</label>
        <input id="from" name="from" type="date" value="<?cs var:Form.from.value ?>"><?cs call:field_error("from") ?></div>
      <div><label for="to">Đến ngày</label>
        <input id="to" name="to" type="date" value="<?cs var:Form.to.value ?>"><?cs call:field_error("to") ?></div>
      <div><label for="actor">Tài khoản</label>
        <input id="actor" name="actor" autocapitalize="none" maxlength="64" value="<?cs var:Form.actor.value ?>"><?cs call:field_error("actor") ?></div>
      <div><label for="action">Thao tác</label>
        <input id="action" name="action" autocapitalize="none" maxlength="32" value="<?cs var:Form.action.value ?>"><?cs call:field_error("action") ?></div>
      <div><label for="target">Số CCCD/CMND của công dân</label>
        <input id="target" name="target" inputmode="numeric" maxlength="14" value="<?cs var:Form.target.value ?>"><?cs call:field_error("target") ?></div>
    </div>
    <button type="submit" class="primary">Lọc</button>
    <button type="submit" name="format" value="csv">Tải CSV</button>
  </form>
</section>
<section class="card">
  <h2>Kết quả (<?cs var:List.total ?>)</h2>
  <div class="scroll"><table id="audit" class="cards">
    <thead><tr><th>Thời gian</th><th>Tài khoản</th><th>Vai trò</th><th>Đơn vị</th><th>Thao tác</th><th>Đối tượng</th><th>Địa điểm</th><th>Địa chỉ IP</th></tr></thead>
    <tbody><?cs each:x = Items ?>
      <tr><td data-label="Thời gian"><?cs var:x.at ?></td><td data-label="Tài khoản"><?cs var:x.actor ?></td><td data-label="Vai trò"><?cs var:x.role_label ?></td><td data-label="Đơn vị"><?cs var:x.unit_name ?></td><td data-label="Thao tác"><?cs var:x.action ?></td><td data-label="Đối tượng"><?cs var:x.target_kind ?> <span class="code"><?cs var:x.target ?></span></td><td data-label="Địa điểm"><?cs if:x.place_id ?>#<?cs var:x.place_id ?><?cs /if ?></td><td data-label="Địa chỉ IP"><?cs var:x.address ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs if:List.prev || List.next ?>
  <div class="pager">
    <?cs if:List.prev ?><form method="get" action="/audit"><?cs call:audit_keep() ?><input type="hidden" name="page" value="<?cs var:List.prev ?>"><button type="submit">‹ Trang trước</button></form><?cs /if ?>
    <span>Trang <?cs var:List.page ?></span>
    <?cs if:List.next ?><form method="get" action="/audit"><?cs call:audit_keep() ?><input type="hidden" name="page" value="<?cs var:List.next ?>"><button type="submit">Trang sau ›</button></form><?cs /if ?>
  </div>
  <?cs /if ?>
  <p><a href="/admin-accounts">← Quản lý tài khoản</a></p>
</section>
<?cs call:footer() ?>
