<?cs include:"layout.cs" ?><?cs
# The administrator's page: a question before an action (Confirm.*), the
  result of the last action (a one-time password is shown here and
  nowhere else; a bulk upload's passwords also as a CSV file carried by
  the page itself, Result.csv), the accounts of the subtree with their
  unit and place by name, last login and row actions, the places with
  theirs, then one form per action.  Form.<action>.<field>.value/.error
  keep what the last action sent; Open names the form to show unfolded.
  Units and communes are chosen by name (js/unit-search.js; without
  script the server looks the text up).  Every var: is HTML-escaped
  (global mode).  No inline script: js/admin.js asks before row actions
  and reads the CSV file. ?><?cs
def:ferr(form, name) ?><?cs if:Form[form][name].error ?><p class="err" id="err-<?cs var:form ?>-<?cs var:name ?>"><?cs var:Form[form][name].error ?></p><?cs /if ?><?cs /def ?><?cs
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
# A unit chosen by name: the text (<code>_q, id <form>-<code>) and the
  code (hidden, or radio buttons among several matches). ?><?cs
def:unit_pick(form, code, label, search) ?>
  <div class="commune" data-unit-field="<?cs var:code ?>">
    <label for="<?cs var:form ?>-<?cs var:code ?>"><?cs var:label ?></label>
    <input id="<?cs var:form ?>-<?cs var:code ?>" name="<?cs var:code ?>_q" class="unit-search" data-search="<?cs var:search ?>" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="200" placeholder="Gõ tên, ví dụ: thanh hoa" value="<?cs var:Form[form][code + '_q'].value ?>"<?cs call:invalid(form, code) ?>>
    <?cs if:subcount(Form[form][code].choices) > 0 ?>
    <fieldset class="choices">
      <legend>Chọn một:</legend>
      <?cs each:u = Form[form][code].choices ?><label class="check"><input type="radio" name="<?cs var:code ?>" value="<?cs var:u.code ?>"> <?cs var:u.label ?> <span class="code"><?cs var:u.code ?></span></label>
      <?cs /each ?>
    </fieldset>
    <?cs elif:Form[form][code].value && !Form[form][code].error ?>
    <input type="hidden" name="<?cs var:code ?>" value="<?cs var:Form[form][code].value ?>">
    <?cs /if ?>
    <?cs call:ferr(form, code) ?>
  </div><?cs /def ?><?cs
# A row's action: one button in its own form; js/admin.js asks first,
  without script the server asks (Confirm). ?><?cs
def:row_action(action, field, value, label, question, danger) ?>
      <form method="post" action="/admin-accounts" data-confirm="<?cs var:question ?>"><?cs call:hidden(action) ?>
        <input type="hidden" name="<?cs var:field ?>" value="<?cs var:value ?>">
        <button type="submit"<?cs if:danger ?> class="danger"<?cs /if ?>><?cs var:label ?></button>
      </form><?cs /def ?><?cs
call:header("Quản lý tài khoản") ?>
<section class="card">
  <h1>Quản lý tài khoản</h1>
  <p class="small">Đơn vị của bạn: <strong id="admin-unit"><?cs var:Admin.unit_name ?></strong><?cs if:Admin.unit ?> <span class="code"><?cs var:Admin.unit ?></span><?cs /if ?>. Bạn chỉ tạo và quản lý tài khoản, địa điểm thuộc đơn vị này và các đơn vị cấp dưới; tài khoản quản trị cùng cấp do cấp trên quản lý.</p>
  <p class="small"><a href="/audit" id="audit-link">Nhật ký truy cập của đơn vị</a></p>
  <?cs if:Confirm.question ?>
  <div class="alert confirm" role="alertdialog" id="confirm" aria-labelledby="confirm-question">
    <p id="confirm-question"><?cs var:Confirm.question ?></p>
    <form method="post" action="/admin-accounts" class="button-row"><?cs call:hidden(Confirm.action) ?>
      <input type="hidden" name="<?cs var:Confirm.field ?>" value="<?cs var:Confirm.value ?>">
      <input type="hidden" name="confirmed" value="1">
      <button type="submit" class="primary" id="confirm-yes">Xác nhận</button>
      <a class="button" href="/admin-accounts">Huỷ</a>
    </form>
  </div>
  <?cs /if ?>
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
    <p class="small">Mật khẩu dùng một lần chỉ hiện một lần, tại đây, và không được lưu ở đâu cả: hãy tải tệp hoặc in ngay.</p>
    <p><a class="button primary" id="passwords-csv" download="mat-khau-mot-lan.csv" href="data:text/csv;charset=utf-8,<?cs var:url_escape(Result.csv) ?>">Tải tệp CSV mật khẩu</a></p>
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

<?cs if:subcount(Flags) > 0 || FlagsFailed ?>
<section class="card" id="flags">
  <h2>Tra cứu nhiều bất thường (7 ngày)</h2>
  <p class="small">Các tài khoản trong phạm vi đã tra cứu công dân theo số giấy tờ nhiều hơn mức bình thường trong một giờ. Hãy kiểm tra với người dùng; xem chi tiết ở <a href="/audit">nhật ký truy cập</a>.</p>
  <?cs if:FlagsFailed ?><p class="alert">Không đọc được danh sách. Vui lòng thử lại sau.</p><?cs /if ?>
  <div class="scroll"><table class="cards">
    <thead><tr><th>Tài khoản</th><th>Vai trò</th><th>Đơn vị</th><th>Loại tra cứu</th><th>Giờ</th><th>Số lần</th></tr></thead>
    <tbody><?cs each:f = Flags ?>
      <tr><td data-label="Tài khoản"><?cs var:f.uid ?></td><td data-label="Vai trò"><?cs var:f.role ?></td><td data-label="Đơn vị"><?cs var:f.unit_name ?></td><td data-label="Loại tra cứu"><?cs var:f.kind ?></td><td data-label="Giờ"><?cs var:f.hour ?></td><td data-label="Số lần"><?cs var:f.count ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
</section>
<?cs /if ?>

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
  <div class="scroll"><table id="accounts" class="cards">
    <thead><tr><th>Tên đăng nhập</th><th>Họ tên</th><th>Vai trò</th><th>Đơn vị</th><th>Địa điểm</th><th>Đăng nhập lần cuối</th><th>Trạng thái</th><th>Thao tác</th></tr></thead>
    <tbody><?cs each:a = Accounts ?>
      <tr<?cs if:a.disabled ?> class="off"<?cs /if ?> data-uid="<?cs var:a.uid ?>"><td data-label="Tên đăng nhập"><?cs var:a.uid ?></td><td data-label="Họ tên"><?cs var:a.full_name ?></td><td data-label="Vai trò"><?cs var:a.role ?></td><td data-label="Đơn vị"><?cs var:a.unit_name ?><?cs if:a.unit ?> <span class="code"><?cs var:a.unit ?></span><?cs /if ?></td><td data-label="Địa điểm"><?cs if:a.place_id ?><?cs var:a.place_name ?> <span class="code">#<?cs var:a.place_id ?></span><?cs else ?>—<?cs /if ?></td><td data-label="Đăng nhập lần cuối"><?cs if:a.last_login ?><?cs var:a.last_login ?><?cs else ?>Chưa đăng nhập<?cs /if ?></td><td data-label="Trạng thái"><?cs var:a.state ?></td>
        <td data-label="Thao tác"><div class="row-actions"><?cs
        if:a.disabled ?><?cs call:row_action("enable", "uid", a.uid, "Mở khoá", "Mở khoá tài khoản " + a.uid + "?", 0) ?><?cs
        else ?><?cs call:row_action("disable", "uid", a.uid, "Khoá", "Khoá tài khoản " + a.uid + "? Người dùng bị đăng xuất ngay.", 1) ?><?cs /if ?><?cs
        call:row_action("reset_password", "uid", a.uid, "Cấp lại mật khẩu", "Cấp lại mật khẩu cho tài khoản " + a.uid + "? Mật khẩu cũ hết hiệu lực.", 0) ?>
        </div></td></tr><?cs /each ?>
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

<section class="card">
  <h2>Địa điểm trong phạm vi (<?cs var:PlacesCount ?>)</h2>
  <div class="scroll"><table id="places" class="cards">
    <thead><tr><th>Tên</th><th>Loại</th><th>Xã/phường</th><th>Địa chỉ</th><th>Thao tác</th></tr></thead>
    <tbody><?cs each:p = Places ?>
      <tr<?cs if:p.retired ?> class="off"<?cs /if ?> data-place="<?cs var:p.id ?>"><td data-label="Tên"><?cs var:p.name ?> <span class="code">#<?cs var:p.id ?></span><?cs if:p.retired ?> (đã ngừng)<?cs /if ?></td><td data-label="Loại"><?cs if:p.kind == "venue" ?>Điểm quét<?cs elif:p.kind == "depot" ?>Kho, bến xe<?cs else ?>Chốt<?cs /if ?></td><td data-label="Xã/phường"><?cs var:p.commune_name ?> <span class="code"><?cs var:p.commune ?></span></td><td data-label="Địa chỉ"><?cs var:p.address ?></td>
        <td data-label="Thao tác"><?cs if:!p.retired ?><div class="row-actions">
          <details class="edit-place"><summary>Sửa</summary>
            <form method="post" action="/admin-accounts"><?cs call:hidden("edit_place") ?>
              <input type="hidden" name="place_id" value="<?cs var:p.id ?>">
              <label for="edit-name-<?cs var:p.id ?>">Tên</label>
              <input id="edit-name-<?cs var:p.id ?>" name="name" maxlength="200" required value="<?cs var:p.name ?>">
              <label for="edit-address-<?cs var:p.id ?>">Địa chỉ</label>
              <input id="edit-address-<?cs var:p.id ?>" name="address" maxlength="255" value="<?cs var:p.address ?>">
              <button type="submit">Lưu</button>
            </form>
          </details><?cs
          call:row_action("retire_place", "place_id", p.id, "Ngừng hoạt động", "Ngừng hoạt động địa điểm " + p.name + "?", 1) ?>
        </div><?cs /if ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs call:ferr("edit_place", "name") ?><?cs call:ferr("edit_place", "place_id") ?><?cs call:ferr("retire_place", "place_id") ?>
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
    <?cs call:unit_pick("create", "unit", "Đơn vị (tỉnh, huyện hoặc xã): gõ tên", "all=1&within=" + Admin.unit) ?>
    <label for="create-place_id">Địa điểm (chỉ cán bộ chốt, nhân viên điểm quét): gõ mã hoặc chọn theo tên</label>
    <?cs call:place_input("create") ?>
    <button type="submit" class="primary">Tạo tài khoản</button>
  </form>
  </details>

  <details id="form-bulk_create"<?cs if:Open == "bulk_create" ?> open<?cs /if ?>>
  <summary>Tạo nhiều tài khoản từ tệp CSV</summary>
  <form method="post" action="/admin-accounts" novalidate>
    <?cs call:hidden("bulk_create") ?>
    <p class="small">Dòng đầu: <code>uid,full_name,role,unit,place_id</code>; mỗi dòng sau một tài khoản (role: admin, police, officer, venue; unit: mã đơn vị; place_id cho officer và venue). Tối đa 2000 dòng.</p>
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
  <form method="post" action="/admin-accounts" novalidate data-confirm="Khoá tài khoản này? Người dùng bị đăng xuất ngay.">
    <?cs call:hidden("disable") ?>
    <?cs call:uid_input("disable") ?>
    <button type="submit" class="primary">Khoá</button>
  </form>
  </details>

  <details id="form-enable"<?cs if:Open == "enable" ?> open<?cs /if ?>>
  <summary>Mở khoá tài khoản</summary>
  <form method="post" action="/admin-accounts" novalidate data-confirm="Mở khoá tài khoản này?">
    <?cs call:hidden("enable") ?>
    <?cs call:uid_input("enable") ?>
    <button type="submit" class="primary">Mở khoá</button>
  </form>
  </details>

  <details id="form-reset_password"<?cs if:Open == "reset_password" ?> open<?cs /if ?>>
  <summary>Cấp lại mật khẩu</summary>
  <form method="post" action="/admin-accounts" novalidate data-confirm="Cấp lại mật khẩu cho tài khoản này? Mật khẩu cũ hết hiệu lực.">
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
      <option value="depot"<?cs if:Form.create_place.kind.value == "depot" ?> selected<?cs /if ?>>Kho, bến xuất phát xe luồng xanh</option>
    </select>
    <?cs call:ferr("create_place", "kind") ?>
    <label for="create_place-name">Tên</label>
    <input id="create_place-name" name="name" maxlength="200" autocomplete="off" required value="<?cs var:Form.create_place.name.value ?>"<?cs call:invalid("create_place", "name") ?>>
    <?cs call:ferr("create_place", "name") ?>
    <?cs call:unit_pick("create_place", "commune", "Xã/phường: gõ tên", "within=" + Admin.unit) ?>
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
    <label for="assign_place-place_id">Địa điểm: gõ mã hoặc chọn theo tên</label>
    <?cs call:place_input("assign_place") ?>
    <button type="submit" class="primary">Gán địa điểm</button>
  </form>
  </details>
</section>

<datalist id="place-list"><?cs each:p = Places ?><?cs if:!p.retired ?><option value="<?cs var:p.id ?>"><?cs var:p.name ?> — <?cs var:p.commune_name ?></option><?cs /if ?><?cs /each ?></datalist>
<script src="/js/unit-search.js" defer></script>
<script src="/js/admin.js" defer></script>
<?cs call:footer() ?>
