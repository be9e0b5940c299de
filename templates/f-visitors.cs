<?cs include:"layout.cs" ?><?cs include:"f-nav.cs" ?><?cs
# Who passed a checkpoint or visited a venue in a time window (at most
  14 days): name, birth date, phone, permanent residence; CSV.
?><?cs def:visitors_query(page, format) ?>/f-status/visitors?place_id=<?cs var:url_escape(Form.place_id.value) ?>&amp;from=<?cs var:url_escape(Form.from.value) ?>&amp;to=<?cs var:url_escape(Form.to.value) ?><?cs if:page ?>&amp;page=<?cs var:url_escape(page) ?><?cs /if ?><?cs if:format ?>&amp;format=<?cs var:url_escape(format) ?><?cs /if ?><?cs /def ?><?cs
call:header("Người đến địa điểm") ?>
<?cs call:fs_nav() ?>
<section class="card">
  <h1>Người qua chốt hoặc đến địa điểm</h1>
  <?cs if:Form.nerrors ?><p class="alert" role="alert">Một số thông tin chưa đúng, vui lòng kiểm tra lại.</p><?cs /if ?>
  <form method="get" action="/f-status/visitors" novalidate>
    <label for="place_id">Mã địa điểm</label>
    <input id="place_id" name="place_id" inputmode="numeric" maxlength="12" required value="<?cs var:Form.place_id.value ?>"<?cs call:fs_invalid("place_id") ?>>
    <?cs call:field_error("place_id") ?>
    <div class="row">
      <div><label for="from">Từ</label>
      <input id="from" name="from" type="datetime-local" required value="<?cs var:Form.from.value ?>"<?cs call:fs_invalid("from") ?>>
      <?cs call:field_error("from") ?></div>
      <div><label for="to">Đến (tối đa 14 ngày)</label>
      <input id="to" name="to" type="datetime-local" required value="<?cs var:Form.to.value ?>"<?cs call:fs_invalid("to") ?>>
      <?cs call:field_error("to") ?></div>
    </div>
    <button type="submit" class="primary">Xem danh sách</button>
  </form>
</section>
<?cs if:Place.shown ?>
<section class="card">
  <h2 id="place-name"><?cs var:Place.name ?> — <?cs var:List.total ?> lượt</h2>
  <?cs if:subcount(Visitors) ?>
  <div class="scroll"><table id="visitors">
    <thead><tr><th>Lúc</th><th>Họ tên</th><th>Số giấy tờ</th><th>Ngày sinh</th><th>Điện thoại</th><th>Thường trú</th><th>Chiều</th></tr></thead>
    <tbody><?cs each:v = Visitors ?>
      <tr><td><?cs var:v.at ?></td><td><?cs var:v.full_name ?></td><td><?cs var:v.id_number ?></td><td><?cs var:v.dob ?></td><td><?cs var:v.phone ?></td><td><?cs var:v.perm_commune ?></td><td><?cs var:v.direction ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <div class="pager">
    <?cs if:List.prev ?><a class="button" href="<?cs call:visitors_query(List.prev, "") ?>">‹ Trang trước</a><?cs /if ?>
    <span>Trang <?cs var:List.page ?>/<?cs var:List.pages ?></span>
    <?cs if:List.next ?><a class="button" href="<?cs call:visitors_query(List.next, "") ?>">Trang sau ›</a><?cs /if ?>
  </div>
  <p><a class="button" href="<?cs call:visitors_query("", "csv") ?>">Tải CSV (mọi trang)</a></p>
  <?cs else ?>
  <p>Không có ai trong khoảng thời gian này.</p>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs call:footer() ?>
