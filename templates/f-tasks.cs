<?cs include:"layout.cs" ?><?cs include:"f-nav.cs" ?><?cs
# The unit's worklist: tasks routed to it (open first, newest first),
  and for a district or above the overdue ones of the communes below.
  A task is closed with a note.
?><?cs call:header("Việc được giao") ?>
<?cs call:fs_nav() ?>
<section class="card">
  <h1>Việc được giao</h1>
  <p class="small">Đơn vị: <?cs if:Session.unit_name ?><?cs var:Session.unit_name ?><?cs else ?>Toàn quốc<?cs /if ?>. Người được đánh dấu F1/F2 khi truy vết ở bất kỳ đâu được giao cho công an nơi họ cư trú; lượt qua chốt xác nhận khi mất mạng mà sau đó thấy là F0/F1, đã báo tử hoặc không khớp CSDL dân cư được giao cho công an nơi có chốt; việc quá hạn cũng hiện ở cấp huyện, tỉnh.</p>
  <?cs if:Flash ?><p class="<?cs if:Form.nerrors ?>alert<?cs else ?>ok<?cs /if ?>" role="status" id="flash"><?cs var:Flash ?></p><?cs /if ?>
  <p><strong id="tasks-total"><?cs var:List.total ?></strong> việc.</p>
</section>
<?cs each:t = Tasks ?>
<section class="card task<?cs if:t.overdue ?> late<?cs /if ?>" id="task-<?cs var:t.task_id ?>">
  <h2><span class="st st-<?cs var:t.status ?>"><?cs var:t.status ?></span> <?cs var:t.full_name ?></h2>
  <dl class="facts">
    <dt>Số giấy tờ</dt><dd><?cs var:t.id_number ?></dd>
    <dt>Việc #</dt><dd><?cs var:t.task_id ?><?cs if:!t.own ?> — giao cho <?cs var:t.unit ?><?cs /if ?></dd><?cs if:t.passage_id ?>
    <dt>Lượt qua chốt</dt><dd>#<?cs var:t.passage_id ?>, xác nhận khi kiosk mất mạng: <?cs var:t.label ?></dd><?cs /if ?>
    <dt>Từ</dt><dd><?cs var:t.from_unit ?><?cs if:!t.from_unit ?>Toàn quốc<?cs /if ?>, <?cs var:t.created_at ?></dd>
    <dt>Hạn</dt><dd><?cs var:t.due_at ?><?cs if:t.overdue ?> <span class="overdue">Quá hạn</span><?cs /if ?></dd>
    <dt>Nội dung</dt><dd><?cs var:t.note ?></dd>
    <?cs if:t.done_at ?><dt>Đã xử lý</dt><dd><?cs var:t.done_at ?>: <?cs var:t.done_note ?></dd><?cs /if ?>
  </dl>
  <?cs if:!t.done_at && Fs.police ?>
  <form method="post" action="/f-status/tasks" novalidate>
    <?cs call:fs_hidden("done") ?>
    <input type="hidden" name="task_id" value="<?cs var:t.task_id ?>">
    <label for="note-<?cs var:t.task_id ?>">Kết quả xử lý</label>
    <input id="note-<?cs var:t.task_id ?>" name="note" maxlength="500" autocomplete="off" required>
    <button type="submit">Đã xử lý xong</button>
  </form>
  <?cs /if ?>
</section>
<?cs /each ?>
<section class="card">
  <div class="pager">
    <?cs if:List.prev ?><a class="button" href="/f-status/tasks?page=<?cs var:url_escape(List.prev) ?>">‹ Trang trước</a><?cs /if ?>
    <span>Trang <?cs var:List.page ?>/<?cs var:List.pages ?></span>
    <?cs if:List.next ?><a class="button" href="/f-status/tasks?page=<?cs var:url_escape(List.next) ?>">Trang sau ›</a><?cs /if ?>
  </div>
</section>
<?cs call:footer() ?>
