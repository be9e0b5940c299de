<?cs # The "find my code again" form: on /declare (empty) and /declare/find
      (with the values and messages of a failed attempt, under Find.*).
      Its second button (action=again) opens the declaration form filled
      with the newest declaration's answers: the three values travel in
      the POST body, never in a URL. ?>
<?cs def:find_error(name) ?><?cs if:Find[name].error ?><p class="err" id="find-err-<?cs var:name ?>"><?cs var:Find[name].error ?></p><?cs /if ?><?cs /def ?>
<?cs def:find_form() ?>
<form method="post" action="/declare/find" novalidate>
  <label for="find-id_number">Số CCCD hoặc CMND</label>
  <input id="find-id_number" name="id_number" inputmode="numeric" autocomplete="off" maxlength="20" value="<?cs var:Find.id_number.value ?>"<?cs if:Find.id_number.error ?> aria-invalid="true" aria-describedby="find-err-id_number"<?cs /if ?>>
  <?cs call:find_error("id_number") ?>
  <label for="find-dob">Ngày sinh</label>
  <input id="find-dob" name="dob" type="date" min="1900-01-01" autocomplete="bday" value="<?cs var:Find.dob.value ?>"<?cs if:Find.dob.error ?> aria-invalid="true" aria-describedby="find-err-dob"<?cs /if ?>>
  <?cs call:find_error("dob") ?>
  <label for="find-phone">Số điện thoại đã khai báo</label>
  <input id="find-phone" name="phone" type="tel" autocomplete="tel" maxlength="20" value="<?cs var:Find.phone.value ?>"<?cs if:Find.phone.error ?> aria-invalid="true" aria-describedby="find-err-phone"<?cs /if ?>>
  <?cs call:find_error("phone") ?>
  <div class="button-row">
    <button type="submit" id="find-submit">Tìm lại mã QR</button>
    <button type="submit" name="action" value="again" id="find-again">Khai báo lại</button>
  </div>
</form>
<?cs /def ?>
