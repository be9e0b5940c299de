<?cs include:"layout.cs" ?><?cs include:"f-nav.cs" ?><?cs
# The result of marking contacts: who changed, where each one's task went.
?><?cs call:header("Kết quả đánh dấu") ?>
<?cs call:fs_nav() ?>
<section class="card">
  <h1>Đã đánh dấu <?cs var:Mark.label ?></h1>
  <p class="ok" role="status" id="mark-result"><strong><?cs var:Mark.marked ?></strong> người được đánh dấu, <strong><?cs var:Mark.tasks ?></strong> việc được gửi tới công an nơi cư trú<?cs if:Mark.unchanged > 0 ?>; <?cs var:Mark.unchanged ?> người giữ nguyên trạng thái (đã là F0, đã tử vong, hoặc đã có trạng thái này hay gần hơn)<?cs /if ?>.</p>
  <div class="scroll"><table id="marked">
    <thead><tr><th>Họ tên</th><th>Số giấy tờ</th><th>Kết quả</th><th>Gửi tới</th></tr></thead>
    <tbody><?cs each:x = Mark.items ?>
      <tr><td><?cs var:x.full_name ?></td><td><?cs var:x.id_number ?></td>
        <td><?cs if:x.changed ?>Đã đánh dấu<?cs else ?>Giữ nguyên<?cs /if ?></td>
        <td><?cs if:x.changed ?><?cs var:x.unit ?><?cs if:x.task_id ?> (việc #<?cs var:x.task_id ?>)<?cs /if ?><?cs /if ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <p><a class="button" href="/f-status/trace">Truy vết khác</a> <a class="button" href="/f-status/tasks">Việc được giao</a></p>
</section>
<?cs call:footer() ?>
