<?cs include:"layout.cs" ?><?cs
# The report of a unit (cgi-bin/report.c, report-page.c): its path from the
  country, the range, the figures, the drawings (SVG written here from the
  numbers of cgi-bin/report-svg.c: no script), its children and places.
  data-figure names the flat name of each figure (the CSV column), so the
  page's figures can be compared with the JSON and CSV answers.
?><?cs def:rp_query(unit) ?>unit=<?cs var:url_escape(unit) ?>&amp;date=<?cs var:url_escape(Report.date) ?>&amp;to=<?cs var:url_escape(Report.to) ?><?cs /def ?><?cs
def:rp_tile(prefix, name, label) ?>
    <li><span class="n" data-figure="<?cs var:name ?>"><?cs var:prefix[name] ?></span> <?cs var:label ?></li><?cs /def ?><?cs
call:header("Báo cáo") ?>
<nav class="fs-nav" aria-label="Báo cáo">
  <a href="/report?<?cs call:rp_query(Report.unit) ?>" aria-current="page">Tổng hợp</a>
  <a href="/report/checkpoints?unit=<?cs var:url_escape(Report.unit) ?>&amp;date=<?cs var:url_escape(Report.to) ?>">Chốt kiểm soát theo giờ</a>
</nav>
<section class="card">
  <nav class="crumbs" aria-label="Đơn vị hành chính"><?cs each:p = Path ?><?cs if:!first(p) ?> › <?cs /if ?><?cs if:p.link && p.code != Report.unit ?><a href="/report?<?cs call:rp_query(p.code) ?>"><?cs var:p.name ?></a><?cs else ?><span><?cs var:p.name ?></span><?cs /if ?><?cs /each ?></nav>
  <h1 id="unit-name"><?cs var:Report.name ?></h1>
  <p class="small"><?cs var:Report.level ?> · <?cs if:Report.range ?>từ <?cs var:Report.date_vn ?> đến <?cs var:Report.to_vn ?> (<?cs var:Report.days ?> ngày)<?cs else ?>ngày <?cs var:Report.date_vn ?><?cs /if ?></p>
  <form method="get" action="/report" class="rp-form">
    <input type="hidden" name="unit" value="<?cs var:Report.unit ?>">
    <div class="row">
      <div><label for="date">Từ ngày</label><input id="date" name="date" type="date" value="<?cs var:Report.date ?>"></div>
      <div><label for="to">Đến ngày</label><input id="to" name="to" type="date" value="<?cs var:Report.to ?>"></div>
    </div>
    <button type="submit" class="primary">Xem báo cáo</button>
  </form>
  <p class="csv">Tải số liệu: <a id="csv-link" href="/report?<?cs call:rp_query(Report.unit) ?>&amp;format=csv">CSV</a> · <a id="json-link" href="/report?<?cs call:rp_query(Report.unit) ?>&amp;format=json">JSON</a></p>
  <?cs if:#Report.computed == 0 ?><p class="alert" id="not-computed">Chưa có số liệu tổng hợp cho <?cs if:Report.range ?>khoảng ngày<?cs else ?>ngày<?cs /if ?> này. Báo cáo hằng ngày được tổng hợp sau 0 giờ cho ngày hôm trước.</p><?cs
  elif:#Report.computed < #Report.days ?><p class="small" id="partly-computed">Đã tổng hợp <?cs var:Report.computed ?>/<?cs var:Report.days ?> ngày.</p><?cs /if ?>
</section>

<section class="card" id="summary">
  <h2>Lượt qua chốt và đến địa điểm</h2>
  <ul class="tiles"><?cs call:rp_tile(Total, "in", "lượt vào") ?><?cs call:rp_tile(Total, "out", "lượt ra") ?><?cs call:rp_tile(Total, "visit", "lượt đến địa điểm") ?>
  </ul>
  <h2>Tình trạng F của người cư trú<?cs if:Report.as_of_vn ?> (hết ngày <?cs var:Report.as_of_vn ?>)<?cs /if ?></h2>
  <ul class="tiles"><?cs call:rp_tile(Total, "F0", "F0") ?><?cs call:rp_tile(Total, "F1", "F1") ?><?cs call:rp_tile(Total, "F2", "F2") ?><?cs call:rp_tile(Total, "F3", "F3") ?><?cs call:rp_tile(Total, "recovered", "khỏi bệnh") ?><?cs call:rp_tile(Total, "deceased", "tử vong") ?>
  </ul>
  <h2>Hỗ trợ an sinh</h2>
  <ul class="tiles"><?cs call:rp_tile(Total, "welfare_registered", "người được đăng ký") ?><?cs call:rp_tile(Total, "welfare_paid", "lượt đã chi") ?><?cs call:rp_tile(Total, "welfare_amount", "đồng đã chi") ?>
  </ul>
  <h2>Tiêm chủng</h2>
  <ul class="tiles"><?cs call:rp_tile(Total, "residents", "người cư trú") ?><?cs call:rp_tile(Total, "dose1", "đã tiêm ít nhất 1 mũi") ?><?cs call:rp_tile(Total, "dose2", "đã tiêm đủ 2 mũi") ?>
  </ul>
  <?cs if:Total.dose1_pct ?><p class="small">Độ phủ: <strong id="dose1-pct"><?cs var:Total.dose1_pct ?></strong> ít nhất 1 mũi, <strong id="dose2-pct"><?cs var:Total.dose2_pct ?></strong> đủ 2 mũi.</p><?cs /if ?>
</section>

<section class="card">
  <h2>Theo ngày</h2>
  <div class="svgbox"><svg id="line" role="img" aria-label="Lượt qua chốt theo ngày" viewBox="0 0 <?cs var:Line.w ?> <?cs var:Line.h ?>" xmlns="http://www.w3.org/2000/svg">
    <line class="ax" x1="<?cs var:Line.x0 ?>" y1="<?cs var:Line.top ?>" x2="<?cs var:Line.x0 ?>" y2="<?cs var:Line.bottom ?>"/>
    <line class="ax" x1="<?cs var:Line.x0 ?>" y1="<?cs var:Line.bottom ?>" x2="<?cs var:Line.x1 ?>" y2="<?cs var:Line.bottom ?>"/>
    <text class="ax-label" x="<?cs var:Line.lx ?>" y="<?cs var:Line.ty ?>"><?cs var:Line.max ?></text>
    <text class="ax-zero" x="<?cs var:Line.zx ?>" y="<?cs var:Line.bottom ?>">0</text>
    <polyline class="ln in" points="<?cs var:Line.in ?>"/>
    <polyline class="ln out" points="<?cs var:Line.out ?>"/>
    <polyline class="ln visit" points="<?cs var:Line.visit ?>"/><?cs each:d = Line.dates ?>
    <text class="day-label <?cs var:d.pos ?>" x="<?cs var:d.x ?>" y="<?cs var:Line.label_y ?>"><?cs var:d.label ?></text><?cs /each ?>
  </svg></div>
  <p class="legend"><span class="key in" aria-hidden="true">■</span> vào <span class="key out" aria-hidden="true">■</span> ra <span class="key visit" aria-hidden="true">■</span> đến địa điểm</p>
</section>

<?cs if:subcount(Bars.rows) ?>
<section class="card">
  <h2>Lượt qua chốt theo <?cs if:subcount(Children) ?><?cs var:Report.child_level ?><?cs else ?>chốt và địa điểm<?cs /if ?></h2>
  <div class="svgbox"><svg id="bars" role="img" aria-label="Lượt qua chốt theo đơn vị" viewBox="0 0 <?cs var:Bars.w ?> <?cs var:Bars.h ?>" xmlns="http://www.w3.org/2000/svg"><?cs each:b = Bars.rows ?>
    <text class="bar-label" x="8" y="<?cs var:b.ty ?>"><?cs var:b.label ?></text>
    <text class="bar-total" x="352" y="<?cs var:b.ty ?>"><?cs var:b.total ?></text>
    <rect class="bar in" x="<?cs var:b.x_in ?>" y="<?cs var:b.by ?>" width="<?cs var:b.w_in ?>" height="12"/>
    <rect class="bar out" x="<?cs var:b.x_out ?>" y="<?cs var:b.by ?>" width="<?cs var:b.w_out ?>" height="12"/>
    <rect class="bar visit" x="<?cs var:b.x_visit ?>" y="<?cs var:b.by ?>" width="<?cs var:b.w_visit ?>" height="12"/><?cs /each ?>
  </svg></div>
  <?cs if:subcount(Cover.rows) ?>
  <h2>Độ phủ vắc-xin theo <?cs var:Report.child_level ?></h2>
  <div class="svgbox"><svg id="cover" role="img" aria-label="Tỷ lệ người cư trú đã tiêm" viewBox="0 0 <?cs var:Cover.w ?> <?cs var:Cover.h ?>" xmlns="http://www.w3.org/2000/svg"><?cs each:b = Cover.rows ?>
    <text class="bar-label" x="8" y="<?cs var:b.ty ?>"><?cs var:b.label ?></text>
    <text class="bar-total" x="352" y="<?cs var:b.ty ?>"><?cs var:b.total ?></text>
    <rect class="bar track" x="8" y="<?cs var:b.by ?>" width="344" height="12"/>
    <rect class="bar dose1" x="8" y="<?cs var:b.by ?>" width="<?cs var:b.w1 ?>" height="12"/>
    <rect class="bar dose2" x="8" y="<?cs var:b.by ?>" width="<?cs var:b.w2 ?>" height="12"/><?cs /each ?>
  </svg></div>
  <p class="legend"><span class="key dose1" aria-hidden="true">■</span> ít nhất 1 mũi <span class="key dose2" aria-hidden="true">■</span> đủ 2 mũi</p>
  <?cs /if ?>
</section>
<?cs /if ?>

<?cs if:subcount(Children) ?>
<section class="card">
  <h2><?cs var:Report.child_level ?> (<?cs var:subcount(Children) ?>)</h2>
  <div class="scroll"><table id="children">
    <thead><tr><th>Đơn vị</th><th>Vào</th><th>Ra</th><th>Đến</th><th>F0</th><th>F1</th><th>F2</th><th>F3</th><th>Khỏi</th><th>Tử vong</th><th>Đã chi</th><th>≥1 mũi</th><th>≥2 mũi</th></tr></thead>
    <tbody><?cs each:c = Children ?>
      <tr data-unit="<?cs var:c.code ?>"><td><a href="/report?<?cs call:rp_query(c.code) ?>"><?cs var:c.name ?></a></td>
        <td data-figure="in"><?cs var:c.in ?></td><td data-figure="out"><?cs var:c.out ?></td><td data-figure="visit"><?cs var:c.visit ?></td>
        <td data-figure="F0"><?cs var:c.F0 ?></td><td data-figure="F1"><?cs var:c.F1 ?></td><td data-figure="F2"><?cs var:c.F2 ?></td><td data-figure="F3"><?cs var:c.F3 ?></td>
        <td data-figure="recovered"><?cs var:c.recovered ?></td><td data-figure="deceased"><?cs var:c.deceased ?></td>
        <td data-figure="welfare_paid"><?cs var:c.welfare_paid ?></td>
        <td data-figure="dose1"><?cs var:c.dose1 ?><?cs if:c.dose1_pct ?> (<?cs var:c.dose1_pct ?>)<?cs /if ?></td>
        <td data-figure="dose2"><?cs var:c.dose2 ?><?cs if:c.dose2_pct ?> (<?cs var:c.dose2_pct ?>)<?cs /if ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
</section>
<?cs /if ?>

<?cs if:subcount(Places) ?>
<section class="card">
  <h2>Chốt và địa điểm (<?cs var:subcount(Places) ?>)</h2>
  <div class="scroll"><table id="places">
    <thead><tr><th>Nơi</th><th>Loại</th><th>Vào</th><th>Ra</th><th>Đến</th></tr></thead>
    <tbody><?cs each:p = Places ?>
      <tr data-place="<?cs var:p.place_id ?>"><td><a href="/report/checkpoints?unit=<?cs var:url_escape(Report.unit) ?>&amp;date=<?cs var:url_escape(Report.to) ?>&amp;place_id=<?cs var:url_escape(p.place_id) ?>"><?cs var:p.name ?></a></td><td><?cs var:p.kind ?></td>
        <td data-figure="in"><?cs var:p.in ?></td><td data-figure="out"><?cs var:p.out ?></td><td data-figure="visit"><?cs var:p.visit ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
</section>
<?cs /if ?>
<?cs call:footer() ?>
