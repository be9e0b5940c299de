<?cs include:"layout.cs" ?><?cs include:"f-nav.cs" ?><?cs
# Arrivals and departures of the officer's area for a day (cgi-bin/f-arrivals.c):
  the riskiest first, with the origin's level when they declared,
  symptoms, F status, registry and whether a checkpoint saw them pass. ?><?cs
def:arrivals_query(page, format) ?>/f-status/arrivals?date=<?cs var:url_escape(View.date) ?>&amp;direction=<?cs var:url_escape(View.direction) ?><?cs if:View.unit ?>&amp;unit=<?cs var:url_escape(View.unit) ?><?cs /if ?><?cs if:page ?>&amp;page=<?cs var:url_escape(page) ?><?cs /if ?><?cs if:format ?>&amp;format=<?cs var:url_escape(format) ?><?cs /if ?><?cs /def ?><?cs
call:header("Người đến, đi") ?>
<?cs call:fs_nav() ?>
<section class="card">
  <h1>Người đến, đi trên địa bàn</h1>
  <form method="get" action="/f-status/arrivals" novalidate>
    <div class="row">
      <div><label for="date">Ngày</label>
      <input id="date" name="date" type="date" value="<?cs var:View.date ?>"></div>
      <div><label for="direction">Chiều</label>
      <select id="direction" name="direction">
        <option value="in"<?cs if:View.direction == "in" ?> selected<?cs /if ?>>Đến địa bàn (nơi đến)</option>
        <option value="out"<?cs if:View.direction == "out" ?> selected<?cs /if ?>>Rời địa bàn (nơi đi)</option>
      </select></div>
    </div>
    <button type="submit" class="primary">Xem danh sách</button>
  </form>
  <p class="small">Theo tờ khai có ngày đi là ngày này (hoặc khai trong ngày, nếu không ghi ngày đi); mỗi người một dòng, theo tờ khai mới nhất. Xếp người cần chú ý trước: cách ly, đến từ vùng cấp 3–4, có triệu chứng, không khớp CSDL dân cư.</p>
</section>
<section class="card">
  <h2 id="arrivals-title"><?cs var:View.unit_name ?>: <span id="arrivals-total"><?cs var:List.total ?></span> người</h2>
  <?cs if:View.truncated ?><p class="alert">Quá nhiều tờ khai: chỉ xét 100.000 tờ khai đầu tiên. Hãy xem theo từng xã/phường.</p><?cs /if ?>
  <?cs if:subcount(Arrivals) ?>
  <ul class="zone-list" id="arrivals"><?cs each:a = Arrivals ?>
    <li class="risk-<?cs var:a.decision ?>" data-decision="<?cs var:a.decision ?>">
      <div><strong><?cs var:a.full_name ?></strong> · <?cs var:a.id_number ?><?cs if:a.phone ?> · <a href="tel:<?cs var:url_escape(a.phone) ?>"><?cs var:a.phone ?></a><?cs /if ?></div>
      <div class="small"><?cs var:a.from ?> → <?cs var:a.to ?></div>
      <div class="small">Nơi đi khi khai báo: <span class="lv lv-<?cs var:a.from_color ?>"><?cs var:a.from_level ?></span></div>
      <div class="small"><?cs var:a.decision_words ?><?cs if:a.reasons ?>: <?cs var:a.reasons ?><?cs /if ?> · F: <?cs var:a.f_status ?> · <?cs var:a.registry ?></div>
      <div class="small">Khai lúc <?cs var:a.declared ?> · <?cs if:a.passed ?><strong>Đã qua chốt</strong><?cs else ?>Chưa qua chốt<?cs /if ?></div>
    </li><?cs /each ?>
  </ul>
  <div class="pager">
    <?cs if:List.prev ?><a class="button" href="<?cs call:arrivals_query(List.prev, "") ?>">‹ Trang trước</a><?cs /if ?>
    <span>Trang <?cs var:List.page ?>/<?cs var:List.pages ?></span>
    <?cs if:List.next ?><a class="button" href="<?cs call:arrivals_query(List.next, "") ?>">Trang sau ›</a><?cs /if ?>
  </div>
  <p class="csv"><a class="button" href="<?cs call:arrivals_query("", "csv") ?>">Tải CSV (mọi trang)</a></p>
  <?cs else ?>
  <p>Không có tờ khai nào.</p>
  <?cs /if ?>
</section>
<?cs call:footer() ?>
