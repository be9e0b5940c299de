<?cs include:"layout.cs" ?><?cs
# Epidemic zone levels (cgi-bin/zones.c), public: the country's picture,
  then a province, a district, a commune, each coloured by the level in
  force now (Resolution 128); a unit's own changes; for an administrator
  whose subtree holds the unit, the form that sets its level. ?><?cs
def:level_badge(level, color, name) ?><span class="lv lv-<?cs var:color ?>"><?cs var:name ?></span><?cs /def ?><?cs
call:header("Cấp độ dịch") ?>
<section class="card">
  <nav class="crumbs" aria-label="Đơn vị cấp trên"><a href="/zones">Toàn quốc</a><?cs each:c = Crumbs ?> › <a href="/zones?unit=<?cs var:url_escape(c.code) ?>"><?cs var:c.name ?></a><?cs /each ?></nav>
  <h1 id="zone-title"><?cs if:View.name ?><?cs var:View.name ?><?cs else ?>Cấp độ dịch toàn quốc<?cs /if ?></h1>
  <?cs if:Flash ?><p class="ok" role="status" id="flash"><?cs var:Flash ?></p><?cs /if ?>
  <?cs if:View.unit ?>
  <p class="zone-now" id="level" data-level="<?cs var:Here.0.level ?>"><?cs call:level_badge(Here.0.level, Here.0.color, Here.0.level_name) ?></p>
  <p class="small"><?cs if:Here.0.level > 0 ?><?cs if:View.own ?>Cấp độ riêng của đơn vị<?cs else ?>Theo cấp độ của <?cs var:View.set_in ?><?cs /if ?>, áp dụng từ <?cs var:View.since ?>.<?cs else ?>Đơn vị và cấp trên chưa được phân cấp độ.<?cs /if ?></p>
  <?cs else ?>
  <p class="small">Cấp độ dịch theo Nghị quyết 128/NQ-CP: cấp 1 vùng xanh (nguy cơ thấp), cấp 2 vùng vàng, cấp 3 vùng cam, cấp 4 vùng đỏ (nguy cơ rất cao, phong tỏa). Đơn vị không tự đặt cấp độ thì theo cấp độ của đơn vị cấp trên. Người đến từ vùng cấp 3, 4 được kiểm tra thêm tại chốt; vào vùng cấp 4 cần giấy đi đường, trừ người cư trú tại đó.</p>
  <?cs /if ?>
  <?cs if:!View.commune ?>
  <h2>Số xã/phường theo cấp độ</h2>
  <ul class="picture" id="picture"><?cs each:c = Counts ?>
    <li class="lv lv-<?cs var:c.color ?>" data-level="<?cs var:c.level ?>"><b><?cs var:c.n ?></b> <?cs var:c.level_name ?></li><?cs /each ?>
  </ul>
  <?cs /if ?>
</section>
<?cs if:subcount(Children) ?>
<section class="card">
  <h2><?cs if:View.unit ?>Đơn vị trực thuộc<?cs else ?>Tỉnh, thành phố<?cs /if ?></h2>
  <ul class="zone-list" id="children"><?cs each:c = Children ?>
    <li data-unit="<?cs var:c.code ?>"><a href="/zones?unit=<?cs var:url_escape(c.code) ?>"><?cs var:c.name ?></a>
      <?cs call:level_badge(c.level, c.color, c.level_name) ?><?cs if:c.own ?> <span class="small">(riêng)</span><?cs /if ?><?cs if:?c.c0 ?>
      <span class="tally small">Đỏ <?cs var:c.c4 ?> · Cam <?cs var:c.c3 ?> · Vàng <?cs var:c.c2 ?> · Xanh <?cs var:c.c1 ?><?cs if:c.c0 > 0 ?> · Chưa phân cấp <?cs var:c.c0 ?><?cs /if ?></span><?cs /if ?></li><?cs /each ?>
  </ul>
</section>
<?cs /if ?>
<?cs if:View.unit ?>
<section class="card">
  <h2>Các lần thay đổi cấp độ riêng</h2>
  <?cs if:subcount(History) ?>
  <ol class="zone-history" id="history" reversed><?cs each:h = History ?>
    <li><?cs if:h.level > 0 ?><?cs call:level_badge(h.level, h.color, h.level_name) ?><?cs else ?>Bỏ cấp độ riêng (theo cấp trên)<?cs /if ?> từ <?cs var:h.since ?><?cs if:h.note ?>: <?cs var:h.note ?><?cs /if ?></li><?cs /each ?>
  </ol>
  <?cs else ?>
  <p>Đơn vị chưa từng tự đặt cấp độ.</p>
  <?cs /if ?>
</section>
<?cs /if ?>
<?cs if:Admin.can_set ?>
<section class="card">
  <h2>Đặt cấp độ dịch cho <?cs var:View.name ?></h2>
  <?cs if:Form.nerrors ?><p class="alert" role="alert">Một số thông tin chưa đúng, vui lòng kiểm tra lại.</p><?cs /if ?>
  <form method="post" action="/zones" novalidate id="zone-form">
    <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
    <input type="hidden" name="unit" value="<?cs var:View.unit ?>">
    <label for="level-select">Cấp độ</label>
    <select id="level-select" name="level"<?cs if:Form.level.error ?> aria-invalid="true" aria-describedby="err-level"<?cs /if ?>><?cs each:l = Levels ?>
      <option value="<?cs var:l.level ?>"<?cs if:Form.level.value == l.level ?> selected<?cs /if ?>><?cs var:l.name ?></option><?cs /each ?>
    </select>
    <?cs call:field_error("level") ?>
    <label for="since">Áp dụng từ (bỏ trống: ngay bây giờ)</label>
    <input id="since" name="since" type="datetime-local" value="<?cs var:Form.since.value ?>"<?cs if:Form.since.error ?> aria-invalid="true" aria-describedby="err-since"<?cs /if ?>>
    <?cs call:field_error("since") ?>
    <label for="note">Căn cứ, ghi chú</label>
    <input id="note" name="note" maxlength="500" autocomplete="off" placeholder="Quyết định số …" value="<?cs var:Form.note.value ?>"<?cs if:Form.note.error ?> aria-invalid="true" aria-describedby="err-note"<?cs /if ?>>
    <?cs call:field_error("note") ?>
    <button type="submit" class="primary">Ghi nhận cấp độ</button>
  </form>
</section>
<?cs /if ?>
<?cs call:footer() ?>
