<?cs include:"layout.cs" ?><?cs
# GET /declare/units?q= as a page: the search without JavaScript.
  Units.q, Units.total, Units.items.N.code / .label. ?><?cs
call:header("Tra cứu xã/phường") ?>
<section class="card">
  <h1>Tra cứu xã/phường</h1>
  <form method="get" action="/declare/units" role="search">
    <label for="q">Tên xã/phường (có dấu hay không dấu đều được)</label>
    <div class="inline-row">
      <input id="q" name="q" autocomplete="off" maxlength="100" value="<?cs var:Units.q ?>">
      <button type="submit">Tìm</button>
    </div>
  </form>
  <?cs if:Units.q ?>
  <?cs if:subcount(Units.items) > 0 ?>
  <p class="small"><?cs var:Units.total ?> kết quả<?cs if:Units.total > subcount(Units.items) ?>, hiện <?cs var:subcount(Units.items) ?> kết quả đầu: gõ thêm tên huyện, tỉnh để thu hẹp<?cs /if ?>.</p>
  <ul class="links" id="units"><?cs each:u = Units.items ?>
    <li><?cs var:u.label ?> <span class="code"><?cs var:u.code ?></span></li><?cs /each ?>
  </ul>
  <?cs else ?>
  <p class="alert">Không tìm thấy xã/phường nào có tên này.</p>
  <?cs /if ?>
  <?cs /if ?>
  <p><a href="/declare">Về trang khai báo</a></p>
</section>
<?cs call:footer() ?>
