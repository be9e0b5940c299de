<?cs # The slip printed for a paper declaration (cgi-bin/paper-entry.c):
      the QR code (image from the qr program) to show at the next
      checkpoint, with the name and ID number to compare with the card. ?>
<?cs include:"layout.cs" ?><?cs call:header("Phiếu mã QR") ?>
<link rel="stylesheet" href="/css/kiosk.css">
<p class="flash no-print" role="status"><?cs if:Slip.replayed ?>Tờ khai này đã được lưu trước đó.<?cs else ?>Đã lưu tờ khai giấy<?cs /if ?> · Đã ghi nhận <?cs var:Slip.direction ?> lúc <?cs var:Slip.at ?>.</p>
<?cs if:Slip.registry != "matched" ?><p class="registry-warn no-print" data-registry="<?cs var:Slip.registry ?>"><?cs if:Slip.registry == "mismatch" ?>Thông tin KHÔNG KHỚP CSDL dân cư.<?cs else ?>Số giấy tờ KHÔNG CÓ trong CSDL dân cư.<?cs /if ?></p><?cs /if ?>
<section class="slip" id="slip" data-declaration="<?cs var:Slip.declaration_id ?>" data-passage="<?cs var:Slip.passage_id ?>">
  <h1>Mã QR khai báo di chuyển</h1>
  <p class="name"><?cs var:Slip.full_name ?></p>
  <p>Số CCCD/CMND: <strong><?cs var:Slip.id_number ?></strong></p>
  <img src="/qr/<?cs var:url_escape(Slip.token) ?>.png" alt="Mã QR của tờ khai" width="256" height="256">
  <p>Có giá trị đến <strong><?cs var:Slip.expires ?></strong></p>
  <p class="small">Xuất trình phiếu này cùng CCCD/CMND tại các chốt kiểm soát tiếp theo.<br><?cs if:Place.name ?>Cấp tại: <?cs var:Place.name ?><?cs /if ?></p>
</section>
<p class="no-print"><button type="button" id="print" class="primary" hidden>In phiếu</button></p>
<p class="no-print"><a class="button" href="/paper-entry">Nhập tờ khai khác</a> <a class="button" href="/verify">Về màn hình quét mã</a></p>
<script src="/js/paper.js" defer></script>
<?cs call:footer() ?>
