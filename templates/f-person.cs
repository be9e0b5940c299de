<?cs include:"layout.cs" ?><?cs include:"f-nav.cs" ?><?cs
# One citizen: the current status, the form that changes it (police),
  the history (who, when, from what to what), and a trace of them.
?><?cs call:header("Trạng thái của công dân") ?>
<?cs call:fs_nav() ?>
<section class="card">
  <h1 id="person-name"><?cs var:Person.full_name ?></h1>
  <?cs if:Flash ?><p class="ok" role="status" id="flash"><?cs var:Flash ?></p><?cs /if ?>
  <dl class="facts">
    <dt>Số giấy tờ</dt><dd id="person-id"><?cs var:Person.id_number ?></dd>
    <dt>Ngày sinh</dt><dd><?cs var:Person.dob ?></dd>
    <dt>Trạng thái</dt><dd id="person-current"><?cs if:Person.current ?><span class="st st-<?cs var:Person.current ?>"><?cs var:Person.current_label ?></span><?cs else ?>Chưa ghi nhận<?cs /if ?></dd>
  </dl>
  <?cs if:!Person.registered ?><p class="small">Không có trong CSDL dân cư (thông tin theo tờ khai gần nhất).</p><?cs /if ?>
</section>

<?cs if:Fs.police ?>
<section class="card">
  <h2>Cập nhật trạng thái</h2>
  <?cs if:Form.nerrors ?><p class="alert" role="alert">Một số thông tin chưa đúng, vui lòng kiểm tra lại.</p><?cs /if ?>
  <form method="post" action="/f-status" novalidate id="set-status">
    <?cs call:fs_hidden("") ?>
    <input type="hidden" name="id_number" value="<?cs var:Person.id_number ?>">
    <label for="status">Trạng thái mới</label>
    <select id="status" name="status" required<?cs call:fs_invalid("status") ?>><?cs call:fs_status_options(Form.status.value, 0) ?>
    </select>
    <?cs call:field_error("status") ?>
    <label for="died_at">Thời điểm tử vong (chỉ khi tử vong)</label>
    <input id="died_at" name="died_at" type="datetime-local" value="<?cs var:Form.died_at.value ?>"<?cs call:fs_invalid("died_at") ?>>
    <?cs call:field_error("died_at") ?>
    <label for="note">Ghi chú</label>
    <input id="note" name="note" maxlength="500" autocomplete="off" value="<?cs var:Form.note.value ?>"<?cs call:fs_invalid("note") ?>>
    <?cs call:field_error("note") ?>
    <button type="submit" class="primary">Lưu trạng thái</button>
  </form>
</section>
<?cs /if ?>

<section class="card">
  <h2>Lịch sử trạng thái</h2>
  <?cs if:subcount(History) ?>
  <div class="scroll"><table id="history">
    <thead><tr><th>Thời điểm</th><th>Thay đổi</th><th>Người cập nhật</th><th>Ghi chú</th></tr></thead>
    <tbody><?cs each:h = History ?>
      <tr><td><?cs var:h.at ?></td>
        <td><?cs if:h.from ?><?cs var:h.from ?> → <?cs /if ?><span class="st st-<?cs var:h.status ?>"><?cs var:h.label ?></span><?cs if:h.died_at ?><br>Tử vong lúc <?cs var:h.died_at ?><?cs /if ?></td>
        <td><?cs var:h.by ?></td><td><?cs var:h.note ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs else ?>
  <p>Chưa có trạng thái nào được ghi nhận.</p>
  <?cs /if ?>
</section>

<section class="card">
  <h2>Truy vết</h2>
  <form method="post" action="/f-status/trace" novalidate>
    <?cs call:fs_hidden("") ?>
    <input type="hidden" name="id_number" value="<?cs var:Person.id_number ?>">
    <label for="depth">Số vòng</label>
    <select id="depth" name="depth"><option value="1">Vòng 1 (F1)</option><option value="2">Vòng 1 và 2 (F1, F2)</option></select>
    <button type="submit" class="primary">Truy vết 14 ngày gần nhất</button>
  </form>
</section>
<?cs call:footer() ?>
