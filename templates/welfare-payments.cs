<?cs include:"layout.cs" ?><?cs include:"welfare-parts.cs" ?><?cs
# Every payment of the officer's unit, names and ID numbers in clear
  (cgi-bin/welfare-lists.c), with the CSV and, for an administrator of a
  district or above, the reversal form. ?><?cs
call:header("Danh sách chi trả") ?>
<?cs call:wf_nav() ?>
<section class="card">
  <h1>Danh sách chi trả — <?cs var:View.unit_name ?></h1>
  <?cs call:wf_notices() ?>
  <form method="get" action="/welfare/payments" class="search">
    <?cs call:wf_program_select("filter", View.program) ?>
    <label for="filter-commune">Mã xã/phường (trống: cả địa bàn)</label>
    <input id="filter-commune" name="commune" inputmode="numeric" maxlength="5" autocomplete="off" value="<?cs var:View.commune ?>">
    <div class="inline-row">
      <button type="submit" name="format" value="html">Xem</button>
      <button type="submit" name="format" value="csv">Tải tệp CSV</button>
    </div>
  </form>
</section>
<section class="card">
  <h2>Các khoản chi trả (<span id="total"><?cs var:List.total ?></span>)</h2>
  <div class="scroll"><table id="items">
    <thead><tr><th>Mã</th><th>Họ tên</th><th>Số giấy tờ</th><th>Chương trình</th><th>Số tiền (đ)</th><th>Ngày nhận</th><th>Xã/phường</th><th>Người chi</th><th>Thu hồi</th></tr></thead>
    <tbody><?cs each:i = Items ?>
      <tr<?cs if:i.reversed_at ?> class="off"<?cs /if ?>><td><?cs var:i.payment_id ?></td><td><?cs var:i.name ?></td><td><?cs var:i.id_number ?></td><td><?cs var:i.program ?></td><td><?cs var:i.amount_vn ?></td><td><?cs var:i.paid_on_vn ?></td><td><?cs var:i.commune_label ?></td><td><?cs var:i.paid_by ?></td><td><?cs if:i.reversed_at ?><?cs var:i.reversed_by ?>: <?cs var:i.reason ?><?cs /if ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs call:wf_pager("/welfare/payments") ?>
</section>
<?cs if:Session.role == "admin" && Can.reverse ?>
<section class="card">
  <h2>Thu hồi khoản chi trả sai</h2>
  <form method="post" action="/welfare/reverse" novalidate id="form-reverse">
    <?cs call:wf_post("") ?>
    <?cs call:wf_input("reverse", "payment_id", "Mã khoản chi trả", "", "numeric", "15") ?>
    <?cs call:wf_input("reverse", "reason", "Lý do thu hồi", "", "", "500") ?>
    <p class="small">Khoản đã thu hồi vẫn được lưu cùng lý do; công dân có thể được chi trả lại một lần.</p>
    <button type="submit" class="primary">Thu hồi</button>
  </form>
</section>
<?cs /if ?>
<?cs call:footer() ?>
