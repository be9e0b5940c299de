<?cs include:"layout.cs" ?><?cs include:"f-nav.cs" ?><?cs
# The trace: the form (a POST, so that the ID number stays out of the
  URL), then the itinerary (a timeline drawn here in SVG from numbers the
  program computed, and a table), the chain F0 -> F1 -> F2 as a graph,
  the bound that applied, and the contacts as the form that marks them.
  No script: every drawing is plain SVG; every value is escaped.
?><?cs def:trace_hidden() ?>
    <input type="hidden" name="id_number" value="<?cs var:Trace.id_number ?>">
    <input type="hidden" name="from" value="<?cs var:Trace.from ?>">
    <input type="hidden" name="to" value="<?cs var:Trace.to ?>">
    <input type="hidden" name="window" value="<?cs var:Trace.window ?>"><?cs /def ?><?cs
def:trace_again(page, format, label) ?>
  <form method="post" action="/f-status/trace" class="inline-form"><?cs call:fs_hidden("") ?><?cs call:trace_hidden() ?>
    <input type="hidden" name="depth" value="<?cs var:Trace.depth ?>"><?cs if:page ?>
    <input type="hidden" name="page" value="<?cs var:page ?>"><?cs /if ?><?cs if:format ?>
    <input type="hidden" name="format" value="<?cs var:format ?>"><?cs /if ?>
    <button type="submit"><?cs var:label ?></button></form><?cs /def ?><?cs
call:header("Truy vết") ?>
<?cs call:fs_nav() ?>
<section class="card">
  <h1>Truy vết lịch trình và người tiếp xúc</h1>
  <?cs if:Form.nerrors ?><p class="alert" role="alert">Một số thông tin chưa đúng, vui lòng kiểm tra lại.</p><?cs /if ?>
  <form method="post" action="/f-status/trace" novalidate id="trace-form">
    <?cs call:fs_hidden("") ?>
    <label for="id_number">Số CCCD/CMND của người cần truy vết</label>
    <input id="id_number" name="id_number" inputmode="numeric" maxlength="12" autocomplete="off" required value="<?cs if:Form.id_number.value ?><?cs var:Form.id_number.value ?><?cs else ?><?cs var:Trace.id_number ?><?cs /if ?>"<?cs call:fs_invalid("id_number") ?>>
    <?cs call:field_error("id_number") ?>
    <div class="row">
      <div><label for="from">Từ ngày</label>
      <input id="from" name="from" type="date" value="<?cs var:Trace.from ?>"<?cs call:fs_invalid("from") ?>>
      <?cs call:field_error("from") ?></div>
      <div><label for="to">Đến ngày</label>
      <input id="to" name="to" type="date" value="<?cs var:Trace.to ?>"<?cs call:fs_invalid("to") ?>>
      <?cs call:field_error("to") ?></div>
    </div>
    <div class="row">
      <div><label for="window">Cùng nơi trong khoảng ± (phút)</label>
      <input id="window" name="window" type="number" min="1" max="240" value="<?cs var:Trace.window ?>"<?cs call:fs_invalid("window") ?>>
      <?cs call:field_error("window") ?></div>
      <div><label for="depth">Số vòng</label>
      <select id="depth" name="depth">
        <option value="1"<?cs if:Trace.depth == 1 ?> selected<?cs /if ?>>Vòng 1 (F1)</option>
        <option value="2"<?cs if:Trace.depth == 2 ?> selected<?cs /if ?>>Vòng 1 và 2 (F1, F2)</option>
      </select></div>
    </div>
    <button type="submit" class="primary">Truy vết</button>
  </form>
</section>
<?cs if:Trace.shown ?>
<section class="card" id="summary">
  <h2><?cs var:Trace.full_name ?> — <?cs var:Trace.id_number ?></h2>
  <p>Từ <?cs var:Trace.from ?> đến <?cs var:Trace.to ?>, cùng nơi trong ±<?cs var:Trace.window ?> phút: <strong><?cs var:subcount(Stops) ?></strong> lượt qua chốt/đến địa điểm; <strong id="n1"><?cs var:Trace.n1 ?></strong> người tiếp xúc vòng 1<?cs if:Trace.depth == 2 ?>, <strong id="n2"><?cs var:Trace.n2 ?></strong> người vòng 2<?cs /if ?>.</p>
  <?cs if:Trace.stops_capped ?><p class="alert">Lịch trình quá dài: chỉ xét 2000 lượt đầu.</p><?cs /if ?>
  <?cs if:Limits.note ?>
  <div class="alert" role="note" id="limits">
    <p><?cs var:Limits.note ?></p>
    <?cs if:subcount(Limits.crowds) ?><ul><?cs each:c = Limits.crowds ?>
      <li><a href="/f-status/visitors?place_id=<?cs var:url_escape(c.place_id) ?>&amp;from=<?cs var:url_escape(c.from) ?>&amp;to=<?cs var:url_escape(c.to) ?>"><?cs var:c.place_name ?></a>: <?cs var:c.passages ?> lượt, <?cs var:c.from_when ?> – <?cs var:c.to_when ?></li><?cs /each ?>
    </ul><?cs /if ?>
  </div>
  <?cs /if ?>
</section>

<section class="card">
  <h2>Lịch trình</h2>
  <?cs if:subcount(Stops) ?>
  <div class="svgbox"><svg id="timeline" role="img" aria-label="Dòng thời gian lịch trình" viewBox="0 0 <?cs var:Timeline.w ?> <?cs var:Timeline.h ?>" xmlns="http://www.w3.org/2000/svg"><?cs each:l = Timeline.lanes ?>
    <text class="tl-lane" x="8" y="<?cs var:l.ty ?>"><?cs var:l.label ?></text>
    <line class="tl-line" x1="8" x2="<?cs var:Timeline.x2 ?>" y1="<?cs var:l.ly ?>" y2="<?cs var:l.ly ?>"/><?cs /each ?><?cs each:t = Timeline.ticks ?>
    <line class="tl-tick" x1="<?cs var:t.x ?>" x2="<?cs var:t.x ?>" y1="<?cs var:t.y ?>" y2="<?cs var:t.y2 ?>"/><?cs if:t.label ?>
    <text class="tl-label" x="<?cs var:t.x ?>" y="<?cs var:t.ly ?>"><?cs var:t.label ?></text><?cs /if ?><?cs /each ?><?cs each:d = Timeline.dots ?>
    <circle class="tl-dot <?cs var:d.kind ?>" cx="<?cs var:d.x ?>" cy="<?cs var:d.y ?>" r="4"><title><?cs var:d.title ?></title></circle><?cs /each ?>
  </svg></div>
  <p class="legend"><span class="key checkpoint" aria-hidden="true">●</span> chốt kiểm soát <span class="key venue" aria-hidden="true">●</span> địa điểm (bệnh viện, siêu thị…)</p>
  <div class="scroll"><table id="itinerary">
    <thead><tr><th>Lúc</th><th>Nơi</th><th>Loại</th><th>Chiều</th></tr></thead>
    <tbody><?cs each:s = Stops ?>
      <tr><td><?cs var:s.at ?></td><td><?cs var:s.place_name ?> (#<?cs var:s.place_id ?>)</td><td><?cs if:s.kind == "venue" ?>Địa điểm<?cs else ?>Chốt<?cs /if ?></td><td><?cs var:s.direction ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <div class="csv"><?cs call:trace_again("", "itinerary_csv", "Tải CSV lịch trình") ?></div>
  <?cs else ?>
  <p>Không có lượt qua chốt hay đến địa điểm nào trong khoảng ngày này.</p>
  <?cs /if ?>
</section>

<section class="card">
  <h2>Sơ đồ tiếp xúc F0 → F1<?cs if:Trace.depth == 2 ?> → F2<?cs /if ?></h2>
  <div class="svgbox"><svg id="graph" role="img" aria-label="Sơ đồ người tiếp xúc" viewBox="0 0 <?cs var:Graph.w ?> <?cs var:Graph.h ?>" xmlns="http://www.w3.org/2000/svg"><?cs each:e = Graph.edges ?>
    <line class="g-edge" x1="<?cs var:e.x1 ?>" y1="<?cs var:e.y1 ?>" x2="<?cs var:e.x2 ?>" y2="<?cs var:e.y2 ?>"/><?cs /each ?><?cs each:n = Graph.nodes ?>
    <circle class="g-node g-d<?cs var:n.depth ?>" cx="<?cs var:n.x ?>" cy="<?cs var:n.y ?>" r="6"><title><?cs var:n.title ?></title></circle>
    <text class="g-label" x="<?cs var:n.tx ?>" y="<?cs var:n.ty ?>"><?cs var:n.label ?></text><?cs /each ?>
  </svg></div>
</section>

<section class="card">
  <h2>Người tiếp xúc (<?cs var:List.total ?>)</h2>
  <?cs if:subcount(Contacts) ?>
  <form method="post" action="/f-status/mark" id="mark-form" novalidate>
    <?cs call:fs_hidden("") ?>
    <input type="hidden" name="source" value="<?cs var:Trace.id_number ?>">
    <input type="hidden" name="from" value="<?cs var:Trace.from ?>">
    <input type="hidden" name="to" value="<?cs var:Trace.to ?>">
    <input type="hidden" name="window" value="<?cs var:Trace.window ?>">
    <div class="scroll"><table id="contacts">
      <thead><tr><?cs if:Fs.police ?><th>Chọn</th><?cs /if ?><th>Họ tên</th><th>Số giấy tờ</th><th>Điện thoại</th><th>Vòng</th><th>Nơi, lúc</th><th>Gặp</th></tr></thead>
      <tbody><?cs each:c = Contacts ?>
        <tr><?cs if:Fs.police ?><td><input type="checkbox" name="ids" value="<?cs var:c.id_number ?>" aria-label="Chọn <?cs var:c.full_name ?>"></td><?cs /if ?>
          <td><?cs var:c.full_name ?></td><td><?cs var:c.id_number ?></td><td><?cs var:c.phone ?></td>
          <td><span class="st st-F<?cs var:c.depth ?>">F<?cs var:c.depth ?></span></td>
          <td><?cs var:c.place_name ?>, <?cs var:c.at ?></td>
          <td><?cs var:c.of ?> lúc <?cs var:c.via_at ?></td></tr><?cs /each ?>
      </tbody>
    </table></div>
    <?cs if:Fs.police ?>
    <label for="due_hours">Thời hạn xử lý của công an nơi cư trú</label>
    <select id="due_hours" name="due_hours"><option value="24">24 giờ</option><option value="48">48 giờ</option><option value="72">72 giờ</option></select>
    <p class="small">Mỗi người được đánh dấu có một việc gửi tới công an xã/phường nơi họ cư trú.</p>
    <button type="submit" class="primary" name="status" value="F1">Đánh dấu F1 (người tiếp xúc vòng 1)</button>
    <?cs if:Trace.depth == 2 ?><button type="submit" name="status" value="F2">Đánh dấu F2</button><?cs /if ?>
    <?cs /if ?>
  </form>
  <div class="pager">
    <?cs if:List.prev ?><?cs call:trace_again(List.prev, "", "‹ Trang trước") ?><?cs /if ?>
    <span>Trang <?cs var:List.page ?>/<?cs var:List.pages ?></span>
    <?cs if:List.next ?><?cs call:trace_again(List.next, "", "Trang sau ›") ?><?cs /if ?>
  </div>
  <div class="csv"><?cs call:trace_again("", "csv", "Tải CSV người tiếp xúc (mọi trang)") ?></div>
  <?cs else ?>
  <p>Không có ai ở cùng nơi trong khoảng thời gian đó.</p>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs call:footer() ?>
