<?cs include:"layout.cs" ?><?cs
# A family's codes (lib/household.h): Members.N.n / .token / .name and .id
  (masked) / .expires / .expired / .revoked; Household.page (its token),
  .expires, .count; Paper (an officer's sheet: Place.name, Members.N.at /
  .direction) when typed at a checkpoint.  On screen one card per person;
  printed (In), an A4 sheet of cards, one code per person, to cut. ?><?cs
call:header("Mã QR của gia đình") ?>
<section class="card no-print">
  <h1>Mã QR của gia đình (<?cs var:Household.count ?> người)</h1>
  <?cs if:Paper ?><p class="ok" role="status">Đã lưu <?cs var:Household.count ?> tờ khai giấy và ghi nhận qua chốt<?cs if:Place.name ?> tại <?cs var:Place.name ?><?cs /if ?>.</p><?cs /if ?>
  <p class="small">Mỗi người xuất trình mã QR của mình cùng CCCD/CMND tại chốt kiểm soát. Các mã có giá trị đến <?cs var:Household.expires ?>. Hãy lưu trang này (mở lại được khi không có mạng) hoặc in ra.</p>
  <p class="actions"><button type="button" class="print primary" hidden>In tất cả mã QR (khổ A4)</button></p>
</section>
<section class="sheet" id="sheet">
<?cs each:m = Members ?>
  <article class="qr-slip<?cs if:m.expired || m.revoked ?> void<?cs /if ?>" data-member="<?cs var:m.n ?>">
    <img src="/qr/<?cs var:m.token ?>.png" alt="Mã QR của người thứ <?cs var:m.n ?>" width="196" height="196">
    <p class="holder"><?cs var:m.name ?></p>
    <p class="small">CCCD/CMND <?cs var:m.id ?></p>
    <p class="small"><?cs if:m.revoked ?>Đã thu hồi<?cs elif:m.expired ?>Đã hết hạn lúc <?cs var:m.expires ?><?cs else ?>Hết hạn: <?cs var:m.expires ?><?cs /if ?></p>
    <?cs if:m.direction ?><p class="small">Đã ghi nhận <?cs var:m.direction ?> lúc <?cs var:m.at ?></p><?cs /if ?>
    <p class="no-print"><a href="/qr/<?cs var:m.token ?>">Mở mã</a> · <a href="/qr/<?cs var:m.token ?>.label.png" download="ma-qr-nguoi-<?cs var:m.n ?>.png">Tải ảnh</a></p>
  </article>
<?cs /each ?>
</section>
<?cs if:!Paper ?><p class="no-print"><a class="button" href="/declare">Khai báo mới</a> <a class="button" href="/declare/find">Tìm lại mã QR</a></p><?cs /if ?>
<?cs if:Paper ?><p class="no-print"><a class="button" href="/paper-entry/household">Nhập gia đình khác</a> <a class="button" href="/verify">Về màn hình quét mã</a></p><?cs /if ?>
<script src="/js/qr.js" defer></script>
<?cs call:footer() ?>
