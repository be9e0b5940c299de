<?cs include:"layout.cs" ?><?cs include:"f-nav.cs" ?><?cs
# The area's list of F cases: counts by status, a search (a POST form:
  a name or a phone is personal data, kept out of URLs), the list with
  its pager, CSV, and a form to open one person's history.
?><?cs call:header("Ca F0–F3 trên địa bàn") ?>
<?cs call:fs_nav() ?>
<section class="card">
  <h1>Ca F0–F3 trên địa bàn</h1>
  <p class="small">Địa bàn: <?cs if:Session.unit_name ?><?cs var:Session.unit_name ?><?cs else ?>Toàn quốc<?cs /if ?>. Công dân có nơi thường trú, tạm trú hoặc lưu trú (khai báo trong 30 ngày) thuộc địa bàn.</p>
  <ul class="counts" id="counts">
    <li><a href="/f-status"<?cs if:!Filter.status ?> aria-current="true"<?cs /if ?>>Tất cả</a></li><?cs each:s = Statuses ?>
    <li><a href="/f-status?status=<?cs var:url_escape(s.code) ?>" id="count-<?cs var:s.code ?>"<?cs if:Filter.status == s.code ?> aria-current="true"<?cs /if ?>><span class="n"><?cs var:s.n ?></span> <?cs var:s.label ?></a></li><?cs /each ?>
  </ul>
  <form method="post" action="/f-status" class="search" novalidate>
    <?cs call:fs_hidden("search") ?>
    <label for="q">Tìm theo số CCCD/CMND, họ tên (có dấu hoặc không dấu) hoặc số điện thoại</label>
    <input id="q" name="q" maxlength="100" autocomplete="off" value="<?cs var:Filter.q ?>">
    <label for="status">Trạng thái</label>
    <select id="status" name="status"><?cs call:fs_status_options(Filter.status, 1) ?>
    </select>
    <button type="submit" class="primary">Tìm</button>
  </form>
</section>

<section class="card">
  <h2><?cs var:List.total ?> người<?cs if:Filter.q ?> khớp với tìm kiếm<?cs /if ?></h2>
  <?cs if:subcount(Items) ?>
  <div class="scroll"><table id="cases">
    <thead><tr><th>Họ tên</th><th>Số giấy tờ</th><th>Ngày sinh</th><th>Điện thoại</th><th>Trạng thái</th><th>Từ</th><th>Nơi cư trú</th><th></th></tr></thead>
    <tbody><?cs each:x = Items ?>
      <tr>
        <td><?cs var:x.full_name ?></td><td><?cs var:x.id_number ?></td><td><?cs var:x.dob ?></td><td><?cs var:x.phone ?></td>
        <td><span class="st st-<?cs var:x.status ?>"><?cs var:x.label ?></span></td><td><?cs var:x.since ?></td><td><?cs var:x.commune ?></td>
        <td><form method="post" action="/f-status" class="inline-form"><?cs call:fs_hidden("view") ?>
          <input type="hidden" name="id_number" value="<?cs var:x.id_number ?>">
          <button type="submit" class="small">Xem</button></form></td>
      </tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs else ?>
  <p>Không có ai.</p>
  <?cs /if ?>
  <div class="pager">
    <?cs if:List.prev ?><form method="post" action="/f-status"><?cs call:fs_hidden("search") ?>
      <input type="hidden" name="q" value="<?cs var:Filter.q ?>"><input type="hidden" name="status" value="<?cs var:Filter.status ?>">
      <input type="hidden" name="page" value="<?cs var:List.prev ?>"><button type="submit">‹ Trang trước</button></form><?cs /if ?>
    <span>Trang <?cs var:List.page ?>/<?cs var:List.pages ?></span>
    <?cs if:List.next ?><form method="post" action="/f-status"><?cs call:fs_hidden("search") ?>
      <input type="hidden" name="q" value="<?cs var:Filter.q ?>"><input type="hidden" name="status" value="<?cs var:Filter.status ?>">
      <input type="hidden" name="page" value="<?cs var:List.next ?>"><button type="submit">Trang sau ›</button></form><?cs /if ?>
  </div>
  <form method="post" action="/f-status" class="csv"><?cs call:fs_hidden("search") ?>
    <input type="hidden" name="q" value="<?cs var:Filter.q ?>"><input type="hidden" name="status" value="<?cs var:Filter.status ?>">
    <input type="hidden" name="format" value="csv"><button type="submit">Tải CSV (mọi trang)</button></form>
</section>

<section class="card">
  <h2>Xem một công dân</h2>
  <form method="post" action="/f-status" novalidate>
    <?cs call:fs_hidden("view") ?>
    <label for="view-id_number">Số CCCD/CMND</label>
    <input id="view-id_number" name="id_number" inputmode="numeric" maxlength="12" autocomplete="off" required>
    <button type="submit" class="primary">Xem lịch sử trạng thái</button>
  </form>
</section>
<?cs call:footer() ?>
