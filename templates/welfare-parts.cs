<?cs # Pieces shared by the welfare pages (cgi-bin/welfare*.c).  Forms keep
      what was sent under Form.<form>.<field>.value / .error; Open names the
      form to show unfolded.  Every var: is HTML-escaped (global mode).
      Needs layout.cs. ?><?cs
def:wf_err(form, name) ?><?cs if:Form[form][name].error ?><p class="err" id="err-<?cs var:form ?>-<?cs var:name ?>"><?cs var:Form[form][name].error ?></p><?cs /if ?><?cs /def ?><?cs
def:wf_invalid(form, name) ?><?cs if:Form[form][name].error ?> aria-invalid="true" aria-describedby="err-<?cs var:form ?>-<?cs var:name ?>"<?cs /if ?><?cs /def ?><?cs
def:wf_post(action) ?>
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>"><?cs
    if:action ?>
    <input type="hidden" name="action" value="<?cs var:action ?>"><?cs /if ?><?cs /def ?><?cs
def:wf_input(form, name, label, type, mode, max) ?>
    <label for="<?cs var:form ?>-<?cs var:name ?>"><?cs var:label ?></label>
    <input id="<?cs var:form ?>-<?cs var:name ?>" name="<?cs var:name ?>"<?cs
      if:type ?> type="<?cs var:type ?>"<?cs /if ?><?cs if:mode ?> inputmode="<?cs var:mode ?>"<?cs
      /if ?><?cs if:max ?> maxlength="<?cs var:max ?>"<?cs /if ?> autocomplete="off" value="<?cs
      var:Form[form][name].value ?>"<?cs call:wf_invalid(form, name) ?>>
    <?cs call:wf_err(form, name) ?><?cs /def ?><?cs
def:wf_choice(form, name, label, choices, blank) ?>
    <label for="<?cs var:form ?>-<?cs var:name ?>"><?cs var:label ?></label>
    <select id="<?cs var:form ?>-<?cs var:name ?>" name="<?cs var:name ?>"<?cs call:wf_invalid(form, name) ?>><?cs
      if:blank ?>
      <option value=""><?cs var:blank ?></option><?cs /if ?><?cs
      each:x = choices ?>
      <option value="<?cs var:x.code ?>"<?cs if:Form[form][name].value == x.code ?> selected<?cs /if ?>><?cs var:x.label ?></option><?cs /each ?>
    </select>
    <?cs call:wf_err(form, name) ?><?cs /def ?><?cs
def:wf_program_select(form, chosen) ?>
    <label for="<?cs var:form ?>-program">Chương trình</label>
    <select id="<?cs var:form ?>-program" name="program" required<?cs call:wf_invalid(form, "program") ?>>
      <option value="">— Chọn chương trình —</option><?cs
      each:p = Programs ?>
      <option value="<?cs var:p.program_id ?>"<?cs if:p.program_id == chosen ?> selected<?cs /if ?>><?cs var:p.name ?> (<?cs var:p.amount_vn ?> đ)</option><?cs /each ?>
    </select>
    <?cs call:wf_err(form, "program") ?><?cs /def ?><?cs
def:wf_nav() ?>
<nav class="card small" aria-label="Hỗ trợ an sinh">
  <a href="/welfare/programs">Chương trình</a> ·
  <a href="/welfare/beneficiaries">Người được hỗ trợ</a> ·
  <a href="/welfare/payments">Danh sách chi trả</a> ·
  <a href="/welfare">Trang công khai</a>
</nav><?cs /def ?><?cs
def:wf_notices() ?><?cs
  if:Alert ?><p class="alert" role="alert" id="alert"><?cs var:Alert ?></p><?cs /if ?><?cs
  if:Notice ?><p class="ok" role="status" id="notice"><?cs var:Notice ?></p><?cs /if ?><?cs /def ?><?cs
def:wf_pager(path) ?><?cs if:List.prev || List.next ?>
  <div class="pager"><?cs
    if:List.prev ?><form method="get" action="<?cs var:path ?>"><?cs
      if:View.commune ?><input type="hidden" name="commune" value="<?cs var:View.commune ?>"><?cs /if ?><?cs
      if:View.program > 0 ?><input type="hidden" name="program" value="<?cs var:View.program ?>"><?cs /if ?>
      <input type="hidden" name="page" value="<?cs var:List.prev ?>"><button type="submit">‹ Trang trước</button></form><?cs /if ?>
    <span>Trang <?cs var:List.page ?></span><?cs
    if:List.next ?><form method="get" action="<?cs var:path ?>"><?cs
      if:View.commune ?><input type="hidden" name="commune" value="<?cs var:View.commune ?>"><?cs /if ?><?cs
      if:View.program > 0 ?><input type="hidden" name="program" value="<?cs var:View.program ?>"><?cs /if ?>
      <input type="hidden" name="page" value="<?cs var:List.next ?>"><button type="submit">Trang sau ›</button></form><?cs /if ?>
  </div><?cs /if ?><?cs /def ?>