<?cs include:"layout.cs" ?><?cs include:"welfare-parts.cs" ?><?cs
# The public page of a commune's support payments (no login).  Names and
  ID numbers arrive masked from cgi-bin/welfare.c (lib/mask.h): this page
  never has them whole.  Without View.commune: the commune picker
  (js/declare.js turns the code input into selects). ?><?cs
call:header("Công khai chi trả hỗ trợ") ?>
<section class="card">
  <h1>Công khai chi trả hỗ trợ</h1>
  <p class="small">Danh sách người đã nhận tiền hỗ trợ tại từng xã/phường, để người dân cùng giám sát. Họ tên và số giấy tờ được che một phần.</p>
  <form method="get" action="/welfare" class="commune">
    <label for="commune">Xã/phường</label>
    <input id="commune" name="commune" data-commune inputmode="numeric" autocomplete="off" maxlength="5" placeholder="Mã xã/phường, 5 chữ số" value="<?cs var:View.commune ?>">
    <button type="submit" class="primary">Xem danh sách</button>
  </form>
</section>
<?cs if:View.commune ?>
<section class="card">
  <h2 id="commune-name"><?cs var:View.commune_name ?></h2>
  <p>Tổng cộng <strong id="total"><?cs var:List.total ?></strong> người, <strong id="amount"><?cs var:List.amount_vn ?></strong> đồng.</p>
  <?cs if:subcount(Totals) ?>
  <div class="scroll"><table id="totals">
    <thead><tr><th>Chương trình</th><th>Số người</th><th>Số tiền (đ)</th></tr></thead>
    <tbody><?cs each:t = Totals ?>
      <tr><td><?cs var:t.program ?></td><td><?cs var:t.count ?></td><td><?cs var:t.amount_vn ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs /if ?>
</section>
<section class="card">
  <h2>Danh sách chi trả</h2>
  <?cs if:subcount(Items) ?>
  <div class="scroll"><table id="items">
    <thead><tr><th>Họ tên</th><th>Số giấy tờ</th><th>Chương trình</th><th>Số tiền (đ)</th><th>Ngày nhận</th></tr></thead>
    <tbody><?cs each:i = Items ?>
      <tr><td><?cs var:i.name ?></td><td><?cs var:i.id_number ?></td><td><?cs var:i.program ?></td><td><?cs var:i.amount_vn ?></td><td><?cs var:i.paid_on_vn ?></td></tr><?cs /each ?>
    </tbody>
  </table></div>
  <?cs else ?>
  <p>Chưa có khoản chi trả nào được công khai tại xã/phường này.</p>
  <?cs /if ?>
  <?cs call:wf_pager("/welfare") ?>
</section>
<?cs /if ?>
<?cs if:Session.role == "police" || Session.role == "admin" ?><?cs call:wf_nav() ?><?cs /if ?>
<script src="/js/declare.js" defer></script>
<?cs call:footer() ?>
