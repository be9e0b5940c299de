<?cs include:"layout.cs" ?><?cs include:"f-nav.cs" ?><?cs
# Travel permits (cgi-bin/f-permits.c): look up a person's (a POST: the
  number stays out of URLs), issue one (police and administrators of a
  commune or district), the permits valid in the unit, each revocable
  with a reason. ?><?cs
call:header("Giấy đi đường") ?>
<?cs call:fs_nav() ?>
<section class="card">
  <h1>Giấy đi đường</h1>
  <?cs if:Flash ?><p class="<?cs if:Form.nerrors ?>alert<?cs else ?>ok<?cs /if ?>" role="status" id="flash"><?cs var:Flash ?></p><?cs /if ?>
  <p class="small">Giấy đi đường có hiệu lực tại một đơn vị trong một khoảng thời gian. Tại chốt trong vùng cấp 4 (phong tỏa), người không cư trú tại đó chỉ được qua khi có giấy còn hiệu lực tại nơi đặt chốt; cán bộ chốt thấy giấy cùng tờ khai, không cần đọc giấy tờ bản cứng.</p>
  <form method="post" action="/permits" novalidate>
    <?cs call:fs_hidden("view") ?>
    <label for="view-id">Tra cứu giấy của một người (số CCCD/CMND)</label>
    <div class="inline-row"><input id="view-id" name="id_number" inputmode="numeric" maxlength="14" autocomplete="off"><button type="submit">Tra cứu</button></div>
  </form>
</section>
<?cs if:View.issuer ?>
<section class="card">
  <h2>Cấp giấy đi đường</h2>
  <?cs if:Form.nerrors ?><p class="alert" role="alert">Một số thông tin chưa đúng, vui lòng kiểm tra lại.</p><?cs /if ?>
  <form method="post" action="/permits" novalidate id="permit-form">
    <?cs call:fs_hidden("") ?>
    <label for="id_number">Số CCCD/CMND</label>
    <input id="id_number" name="id_number" inputmode="numeric" maxlength="14" autocomplete="off" value="<?cs var:Form.id_number.value ?>"<?cs call:fs_invalid("id_number") ?>>
    <?cs call:field_error("id_number") ?>
    <label for="kind">Loại</label>
    <select id="kind" name="kind"<?cs call:fs_invalid("kind") ?>><?cs each:k = Kinds ?>
      <option value="<?cs var:k.code ?>"<?cs if:Form.kind.value == k.code ?> selected<?cs /if ?>><?cs var:k.name ?></option><?cs /each ?>
    </select>
    <?cs call:field_error("kind") ?>
    <label for="area">Có hiệu lực tại (mã đơn vị)</label>
    <input id="area" name="area" inputmode="numeric" maxlength="5" autocomplete="off" value="<?cs if:Form.area.value ?><?cs var:Form.area.value ?><?cs else ?><?cs var:View.unit ?><?cs /if ?>"<?cs call:fs_invalid("area") ?>>
    <?cs call:field_error("area") ?>
    <div class="row">
      <div><label for="valid_from">Từ (bỏ trống: ngay bây giờ)</label>
      <input id="valid_from" name="valid_from" type="datetime-local" value="<?cs var:Form.valid_from.value ?>"<?cs call:fs_invalid("valid_from") ?>>
      <?cs call:field_error("valid_from") ?></div>
      <div><label for="valid_to">Đến (tối đa 90 ngày)</label>
      <input id="valid_to" name="valid_to" type="datetime-local" value="<?cs var:Form.valid_to.value ?>"<?cs call:fs_invalid("valid_to") ?>>
      <?cs call:field_error("valid_to") ?></div>
    </div>
    <label for="note">Ghi chú (nơi làm việc, lộ trình)</label>
    <input id="note" name="note" maxlength="500" autocomplete="off" value="<?cs var:Form.note.value ?>"<?cs call:fs_invalid("note") ?>>
    <?cs call:field_error("note") ?>
    <button type="submit" class="primary">Cấp giấy</button>
  </form>
</section>
<?cs /if ?>
<section class="card">
  <h2>Danh sách giấy<?cs if:List.total ?> (<span id="permits-total"><?cs var:List.total ?></span>)<?cs /if ?></h2>
  <?cs if:subcount(Permits) ?>
  <ul class="zone-list" id="permits"><?cs each:p = Permits ?>
    <li data-permit="<?cs var:p.permit_id ?>"<?cs if:!p.valid ?> class="off"<?cs /if ?>>
      <div><strong><?cs var:p.full_name ?></strong> · <?cs var:p.id_number ?> · <?cs var:p.kind ?></div>
      <div class="small">Tại <?cs var:p.area ?>, từ <?cs var:p.valid_from ?> đến <?cs var:p.valid_to ?><?cs if:p.note ?> · <?cs var:p.note ?><?cs /if ?></div>
      <div class="small"><?cs if:p.revoked_at ?><strong>Đã thu hồi</strong> lúc <?cs var:p.revoked_at ?>: <?cs var:p.reason ?><?cs elif:p.valid ?>Còn hiệu lực<?cs else ?>Chưa hoặc hết hiệu lực<?cs /if ?> · cấp bởi <?cs var:p.issued_by ?></div>
      <?cs if:View.issuer && p.mine && !p.revoked_at ?>
      <form method="post" action="/permits" class="inline-row">
        <?cs call:fs_hidden("revoke") ?>
        <input type="hidden" name="permit_id" value="<?cs var:p.permit_id ?>">
        <label class="sr" for="reason-<?cs var:p.permit_id ?>">Lý do thu hồi</label>
        <input id="reason-<?cs var:p.permit_id ?>" name="reason" maxlength="500" placeholder="Lý do thu hồi" autocomplete="off" required>
        <button type="submit" class="danger">Thu hồi</button>
      </form>
      <?cs /if ?>
    </li><?cs /each ?>
  </ul>
  <?cs if:List.pages > 1 ?>
  <div class="pager">
    <?cs if:List.prev ?><a class="button" href="/permits?page=<?cs var:url_escape(List.prev) ?>">‹ Trang trước</a><?cs /if ?>
    <span>Trang <?cs var:List.page ?>/<?cs var:List.pages ?></span>
    <?cs if:List.next ?><a class="button" href="/permits?page=<?cs var:url_escape(List.next) ?>">Trang sau ›</a><?cs /if ?>
  </div>
  <?cs /if ?>
  <?cs else ?>
  <p>Không có giấy đi đường nào.</p>
  <?cs /if ?>
</section>
<?cs call:footer() ?>
