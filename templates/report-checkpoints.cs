<?cs include:"layout.cs" ?><?cs
# The checkpoints of a unit hour by hour (cgi-bin/report-checkpoints.c):
  the slowest queues first; each place with its hours (scans, passages,
  paper entries, the median from a scan to its confirmation).
?><?cs def:cp_query(page) ?>unit=<?cs var:url_escape(Cp.unit) ?>&amp;date=<?cs var:url_escape(Cp.date) ?><?cs if:Cp.place_id ?>&amp;place_id=<?cs var:url_escape(Cp.place_id) ?><?cs /if ?><?cs if:page ?>&amp;page=<?cs var:url_escape(page) ?><?cs /if ?><?cs /def ?><?cs
call:header("Chốt kiểm soát theo giờ") ?>
<nav class="fs-nav" aria-label="Báo cáo">
  <a href="/report?unit=<?cs var:url_escape(Cp.unit) ?>&amp;date=<?cs var:url_escape(Cp.date) ?>">Tổng hợp</a>
  <a href="/report/checkpoints?<?cs call:cp_query("") ?>" aria-current="page">Chốt kiểm soát theo giờ</a>
</nav>
<section class="card">
  <h1>Chốt kiểm soát theo giờ</h1>
  <p class="small"><?cs var:Cp.unit_name ?> · ngày <?cs var:Cp.date_vn ?> · chậm nhất trước (trung vị thời gian từ lúc quét mã đến lúc xác nhận, theo giờ chậm nhất của nơi đó)</p>
  <form method="get" action="/report/checkpoints" class="rp-form">
    <input type="hidden" name="unit" value="<?cs var:Cp.unit ?>"><?cs if:Cp.place_id ?>
    <input type="hidden" name="place_id" value="<?cs var:Cp.place_id ?>"><?cs /if ?>
    <label for="date">Ngày</label><input id="date" name="date" type="date" value="<?cs var:Cp.date ?>">
    <button type="submit" class="primary">Xem</button>
  </form>
  <p class="csv">Tải số liệu: <a href="/report/checkpoints?<?cs call:cp_query("") ?>&amp;format=csv">CSV</a> · <a href="/report/checkpoints?<?cs call:cp_query("") ?>&amp;format=json">JSON</a></p>
  <?cs if:!subcount(Places) ?><p id="no-places">Không có lượt quét hay lượt qua chốt nào trong ngày này (hoặc ngày này chưa được tổng hợp).</p><?cs /if ?>
</section>
<?cs each:p = Places ?>
<section class="card cp-place" data-place="<?cs var:p.place_id ?>">
  <h2><?cs var:p.name ?></h2>
  <p class="small"><?cs if:p.kind == "venue" ?>Địa điểm<?cs else ?>Chốt kiểm soát<?cs /if ?> · giờ chậm nhất: <strong data-figure="slowest"><?cs var:p.slowest ?></strong> phút · <?cs var:p.scans ?> lượt quét, <?cs var:p.passages ?> lượt xác nhận, <?cs var:p.paper ?> tờ khai giấy</p>
  <div class="scroll"><table class="hours">
    <thead><tr><th>Giờ</th><th>Quét</th><th>Xác nhận</th><th>Giấy</th><th>Chờ (phút:giây)</th></tr></thead>
    <tbody><?cs each:h = p.hours ?>
      <tr><td><?cs var:h.hour ?>:00</td><td><?cs var:h.scans ?></td><td><?cs var:h.passages ?></td><td><?cs var:h.paper ?></td><td><?cs var:h.median ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
</section>
<?cs /each ?>
<?cs if:List.prev || List.next ?>
<nav class="pager" aria-label="Trang">
  <?cs if:List.prev ?><a class="button" href="/report/checkpoints?<?cs call:cp_query(List.prev) ?>">‹ Trang trước</a><?cs else ?><span></span><?cs /if ?>
  <span>Trang <?cs var:List.page ?> · <?cs var:List.total ?> nơi</span>
  <?cs if:List.next ?><a class="button" href="/report/checkpoints?<?cs call:cp_query(List.next) ?>">Trang sau ›</a><?cs else ?><span></span><?cs /if ?>
</nav>
<?cs /if ?>
<?cs call:footer() ?>
