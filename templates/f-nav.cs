<?cs # The menu of the case-work pages (f-status); Nav names the current one. ?><?cs
def:fs_nav() ?>
<nav class="fs-nav" aria-label="Công việc">
  <a href="/f-status"<?cs if:Nav == "list" ?> aria-current="page"<?cs /if ?>>Danh sách ca</a>
  <a href="/f-status/trace"<?cs if:Nav == "trace" ?> aria-current="page"<?cs /if ?>>Truy vết</a>
  <a href="/f-status/tasks"<?cs if:Nav == "tasks" ?> aria-current="page"<?cs /if ?>>Việc được giao</a>
  <a href="/f-status/visitors"<?cs if:Nav == "visitors" ?> aria-current="page"<?cs /if ?>>Người đến địa điểm</a>
  <a href="/f-status/arrivals"<?cs if:Nav == "arrivals" ?> aria-current="page"<?cs /if ?>>Người đến, đi</a>
  <a href="/permits"<?cs if:Nav == "permits" ?> aria-current="page"<?cs /if ?>>Giấy đi đường</a>
  <a href="/zones">Cấp độ dịch</a>
</nav>
<?cs /def ?><?cs
def:fs_hidden(action) ?>
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>"><?cs if:action ?>
    <input type="hidden" name="action" value="<?cs var:action ?>"><?cs /if ?><?cs /def ?><?cs
def:fs_invalid(name) ?><?cs if:Form[name].error ?> aria-invalid="true" aria-describedby="err-<?cs var:name ?>"<?cs /if ?><?cs /def ?><?cs
def:fs_status_options(selected, any) ?><?cs if:any ?>
      <option value="">Tất cả trạng thái</option><?cs /if ?><?cs each:s = Statuses ?>
      <option value="<?cs var:s.code ?>"<?cs if:selected == s.code ?> selected<?cs /if ?>><?cs var:s.label ?></option><?cs /each ?><?cs /def ?>
