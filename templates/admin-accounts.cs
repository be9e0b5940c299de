<?cs include:"layout.cs" ?><?cs
# The administrator's page: the result of the last action (a one-time
  password is shown here and nowhere else), the accounts of the subtree,
  then one form per action.  Form.<action>.<field>.value/.error keep what
  the last action sent; Open names the form to show unfolded.
  Every var: is HTML-escaped (global mode).  No inline script: the CSV
  file reader is js/admin.js.
?><?cs def:ferr(form, name) ?><?cs if:Form[form][name].error ?><p class="err" id="err-<?cs var:form ?>-<?cs var:name ?>"><?cs var:Form[form][name].error ?></p><?cs /if ?><?cs /def ?><?cs
def:invalid(form, name) ?><?cs if:Form[form][name].error ?> aria-invalid="true" aria-describedby="err-<?cs var:form ?>-<?cs var:name ?>"<?cs /if ?><?cs /def ?><?cs
def:hidden(action) ?>
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
    <input type="hidden" name="action" value="<?cs var:action ?>"><?cs /def ?><?cs
def:uid_input(form) ?>
    <label for="<?cs var:form ?>-uid">Tên đăng nhập</label>
    <input id="<?cs var:form ?>-uid" name="uid" autocapitalize="none" autocomplete="off" maxlength="64" required value="<?cs var:Form[form].uid.value ?>"<?cs call:invalid(form, "uid") ?>>
    <?cs call:ferr(form, "uid") ?><?cs /def ?><?cs
def:place_input(form) ?>
    <input id="<?cs var:form ?>-place_id" name="place_id" inputmode="numeric" list="place-list" autocomplete="off" maxlength="12" value="<?cs var:Form[form].place_id.value ?>"<?cs call:invalid(form, "place_id") ?>>
    <?cs call:ferr(form, "place_id") ?><?cs /def ?><?cs
call:header("Quản lý tài khoản") ?>
<section class="card">
  <h1>Quản lý tài khoản</h1>
  <p class="small">Đơn vị của bạn: <strong id="admin-unit"><?cs var:Admin.unit_name ?></strong>. Bạn chỉ tạo và quản lý tài khoản, địa điểm thuộc đơn vị này và các đơn vị cấp dưới.</p>
  <?cs if:Alert ?><p class="alert" role="alert"><?cs var:Alert ?></p><?cs /if ?>
  <?cs if:Result.message ?>
  <div class="ok result" role="status" id="result">
    <p><?cs var:Result.message ?></p>
    <?cs if:Result.password ?>
    <p>Tài khoản <strong id="result-uid"><?cs var:Result.uid ?></strong> — mật khẩu dùng một lần:</p>
    <p><code class="otp" id="one-time-password"><?cs var:Result.password ?></code></p>
    <p class="small">Mật khẩu chỉ hiện một lần, tại đây. Hãy trao tận tay người dùng; họ phải đổi mật khẩu ở lần đăng nhập đầu tiên.</p>
    <?cs elif:Result.place_id ?>
    <p>Mã địa điểm: <strong id="result-place"><?cs var:Result.place_id ?></strong></p>
    <?cs /if ?>
    <?cs if:Result.bulk ?>
    <?cs if:Result.ncreated > 0 ?>
    <p class="small">Mật khẩu dùng một lần chỉ hiện một lần, tại đây: hãy in hoặc chép lại ngay.</p>
    <div class="scroll"><table id="bulk-created">
      <thead><tr><th>Dòng</th><th>Tên đăng nhập</th><th>Mật khẩu dùng một lần</th></tr></thead>
      <tbody><?cs each:x = Result.created ?>
        <tr><td><?cs var:x.line ?></td><td><?cs var:x.uid ?></td><td><code class="otp"><?cs var:x.password ?></code></td></tr><?cs /each ?>
      </tbody>
    </table></div>
    <?cs /if ?>
    <?cs if:Result.nerrors > 0 ?>
    <h2>Các dòng lỗi</h2>
    <div class="scroll"><table id="bulk-errors">
      <thead><tr><th>Dòng</th><th>Cột</th><th>Lỗi</th></tr></thead>
      <tbody><?cs each:x = Result.errors ?>
        <tr><td><?cs var:x.line ?></td><td><?cs var:x.field ?></td><td><?cs var:x.message ?></td></tr><?cs /each ?>
      </tbody>
    </table></div>
    <?cs /if ?>
    <?cs /if ?>
  </div>
  <?cs /if ?>
</section>

<section class="card actions-list">
  <details id="form-create"<?cs if:Open == "create" || !Open ?> open<?cs /if ?>>
  <summary>Tạo tài khoản</summary>
  <form method="post" action="/admin-accounts" novalidate>
    <?cs call:hidden("create") ?>
    <?cs call:uid_input("create") ?>
    <label for="create-full_name">Họ và tên</label>
    <input id="create-full_name" name="full_name" maxlength="100" autocomplete="off" required value="<?cs var:Form.create.full_name.value ?>"<?cs call:invalid("create", "full_name") ?>>
    <?cs call:ferr("create", "full_name") ?>
    <label for="create-role">Vai trò</label>
    <select id="create-role" name="role" required<?cs call:invalid("create", "role") ?>>
      <option value="">— Chọn vai trò —</option>
      <option value="officer"<?cs if:Form.create.role.value == "officer" ?> selected<?cs /if ?>>Cán bộ chốt kiểm soát</option>
      <option value="venue"<?cs if:Form.create.role.value == "venue" ?> selected<?cs /if ?>>Nhân viên điểm quét (bệnh viện, siêu thị…)</option>
      <option value="police"<?cs if:Form.create.role.value == "police" ?> selected<?cs /if ?>>Công an xã/phường</option>
      <option value="admin"<?cs if:Form.create.role.value == "admin" ?> selected<?cs /if ?>>Quản trị viên</option>
    </select>
    <?cs call:ferr("create", "role") ?>
    <label for="create-unit">Mã đơn vị (tỉnh, huyện hoặc xã)</label>
    <input id="create-unit" name="unit" inputmode="numeric" list="unit-list" autocomplete="off" maxlength="5" required value="<?cs if:Form.create.unit.value ?><?cs var:Form.create.unit.value ?><?cs else ?><?cs var:Admin.unit ?><?cs /if ?>"<?cs call:invalid("create", "unit") ?>>
    <?cs call:ferr("create", "unit") ?>
    <label for="create-place_id">Mã địa điểm (chỉ cán bộ chốt, nhân viên điểm quét)</label>
    <?cs call:place_input("create") ?>
    <button type="submit" class="primary">Tạo tài khoản</button>
  </form>
  </details>

  <details id="form-bulk_create"<?cs if:Open == "bulk_create" ?> open<?cs /if ?>>
  <summary>Tạo nhiều tài khoản từ tệp CSV</summary>
  <form method="post" action="/admin-accounts" novalidate>
    <?cs call:hidden("bulk_create") ?>
    <p class="small">Dòng đầu: <code>uid,full_name,role,unit,place_id</code>; mỗi dòng sau một tài khoản (role: admin, police, officer, venue; place_id cho officer và venue). Tối đa 2000 dòng.</p>
    <label for="csv-file">Chọn tệp .csv (UTF-8)</label>
    <input id="csv-file" type="file" accept=".csv,text/csv,text/plain" data-fills="bulk-csv">
    <label for="bulk-csv">Nội dung CSV</label>
    <textarea id="bulk-csv" name="csv" rows="8" spellcheck="false" autocomplete="off"<?cs call:invalid("bulk_create", "csv") ?>><?cs var:Form.bulk_create.csv.value ?></textarea>
    <?cs call:ferr("bulk_create", "csv") ?>
    <button type="submit" class="primary">Tải lên và tạo tài khoản</button>
  </form>
  </details>

  <details id="form-disable"<?cs if:Open == "disable" ?> open<?cs /if ?>>
  <summary>Khoá tài khoản</summary>
  <form method="post" action="/admin-accounts" novalidate>
    <?cs call:hidden("disable") ?>
    <?cs call:uid_input("disable") ?>
    <button type="submit" class="primary">Khoá</button>
  </form>
  </details>

  <details id="form-enable"<?cs if:Open == "enable" ?> open<?cs /if ?>>
  <summary>Mở khoá tài khoản</summary>
  <form method="post" action="/admin-accounts" novalidate>
    <?cs call:hidden("enable") ?>
    <?cs call:uid_input("enable") ?>
    <button type="submit" class="primary">Mở khoá</button>
  </form>
  </details>

  <details id="form-reset_password"<?cs if:Open == "reset_password" ?> open<?cs /if ?>>
  <summary>Cấp lại mật khẩu</summary>
  <form method="post" action="/admin-accounts" novalidate>
    <?cs call:hidden("reset_password") ?>
    <?cs call:uid_input("reset_password") ?>
    <p class="small">Mật khẩu mới chỉ hiện một lần; người dùng phải đổi ở lần đăng nhập sau. Tài khoản đang khoá vẫn bị khoá.</p>
    <button type="submit" class="primary">Cấp lại mật khẩu</button>
  </form>
  </details>

  <details id="form-create_place"<?cs if:Open == "create_place" ?> open<?cs /if ?>>
  <summary>Tạo chốt kiểm soát / điểm quét</summary>
  <form method="post" action="/admin-accounts" novalidate>
    <?cs call:hidden("create_place") ?>
    <label for="create_place-kind">Loại</label>
    <select id="create_place-kind" name="kind" required<?cs call:invalid("create_place", "kind") ?>>
      <option value="checkpoint"<?cs if:Form.create_place.kind.value == "checkpoint" ?> selected<?cs /if ?>>Chốt kiểm soát</option>
      <option value="venue"<?cs if:Form.create_place.kind.value == "venue" ?> selected<?cs /if ?>>Điểm quét (bệnh viện, siêu thị, bộ phận một cửa…)</option>
    </select>
    <?cs call:ferr("create_place", "kind") ?>
    <label for="create_place-name">Tên</label>
    <input id="create_place-name" name="name" maxlength="200" autocomplete="off" required value="<?cs var:Form.create_place.name.value ?>"<?cs call:invalid("create_place", "name") ?>>
    <?cs call:ferr("create_place", "name") ?>
    <label for="create_place-commune">Mã xã/phường</label>
    <input id="create_place-commune" name="commune" inputmode="numeric" list="unit-list" autocomplete="off" maxlength="5" required value="<?cs var:Form.create_place.commune.value ?>"<?cs call:invalid("create_place", "commune") ?>>
    <?cs call:ferr("create_place", "commune") ?>
    <label for="create_place-address">Địa chỉ</label>
    <input id="create_place-address" name="address" maxlength="255" autocomplete="off" value="<?cs var:Form.create_place.address.value ?>"<?cs call:invalid("create_place", "address") ?>>
    <?cs call:ferr("create_place", "address") ?>
    <button type="submit" class="primary">Tạo địa điểm</button>
  </form>
  </details>

  <details id="form-assign_place"<?cs if:Open == "assign_place" ?> open<?cs /if ?>>
  <summary>Gán địa điểm cho tài khoản</summary>
  <form method="post" action="/admin-accounts" novalidate>
    <?cs call:hidden("assign_place") ?>
    <?cs call:uid_input("assign_place") ?>
    <label for="assign_place-place_id">Mã địa điểm</label>
    <?cs call:place_input("assign_place") ?>
    <button type="submit" class="primary">Gán địa điểm</button>
  </form>
  </details>

  <details id="places">
  <summary>Địa điểm trong phạm vi (<?cs var:PlacesCount ?>)</summary>
  <div class="scroll"><table>
    <thead><tr><th>Mã</th><th>Loại</th><th>Tên</th><th>Xã/phường</th></tr></thead>
    <tbody><?cs each:p = Places ?>
      <tr><td><?cs var:p.id ?></td><td><?cs if:p.kind == "venue" ?>Điểm quét<?cs else ?>Chốt<?cs /if ?></td><td><?cs var:p.name ?></td><td><?cs var:p.commune_name ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  </details>
</section>

<section class="card">
  <h2>Tài khoản (<?cs var:List.total ?>)</h2>
  <form method="get" action="/admin-accounts" class="search" role="search">
    <label for="q">Tìm theo tên đăng nhập hoặc họ tên</label>
    <div class="inline-row">
      <input id="q" name="q" type="search" maxlength="64" autocomplete="off" value="<?cs var:Query.q ?>">
      <button type="submit">Tìm</button>
    </div>
  </form>
  <?cs if:ListFailed ?><p class="alert">Không đọc được danh sách tài khoản. Vui lòng thử lại sau.</p><?cs /if ?>
  <div class="scroll"><table id="accounts">
    <thead><tr><th>Tên đăng nhập</th><th>Họ tên</th><th>Vai trò</th><th>Đơn vị</th><th>Địa điểm</th><th>Trạng thái</th></tr></thead>
    <tbody><?cs each:a = Accounts ?>
      <tr<?cs if:a.disabled ?> class="off"<?cs /if ?>><td><?cs var:a.uid ?></td><td><?cs var:a.full_name ?></td><td><?cs var:a.role ?></td><td title="<?cs var:a.unit_name ?>"><?cs var:a.unit ?></td><td><?cs var:a.place_id ?></td><td><?cs var:a.state ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs if:List.prev || List.next ?>
  <div class="pager">
    <?cs if:List.prev ?><form method="get" action="/admin-accounts"><input type="hidden" name="q" value="<?cs var:Query.q ?>"><input type="hidden" name="page" value="<?cs var:List.prev ?>"><button type="submit">‹ Trang trước</button></form><?cs /if ?>
    <span>Trang <?cs var:List.page ?></span>
    <?cs if:List.next ?><form method="get" action="/admin-accounts"><input type="hidden" name="q" value="<?cs var:Query.q ?>"><input type="hidden" name="page" value="<?cs var:List.next ?>"><button type="submit">Trang sau ›</button></form><?cs /if ?>
  </div>
  <?cs /if ?>
</section>

<datalist id="unit-list"><?cs each:u = Units ?><option value="<?cs var:u.code ?>"><?cs var:u.name ?></option><?cs /each ?></datalist>
<datalist id="place-list"><?cs each:p = Places ?><option value="<?cs var:p.id ?>"><?cs var:p.name ?></option><?cs /each ?></datalist>
<script src="/js/admin.js" defer></script>
<?cs call:footer() ?>
