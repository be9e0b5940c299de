<?cs # The slip printed for a paper declaration (cgi-bin/paper-entry.c):
      the QR code (image from the qr program) to show at the next
      checkpoint, with the name, birth date and the ID number masked, to
      compare with the card.  A4 by default; js/paper.js adds the 80 mm
      receipt layout (css/slip-80mm.css).  A registry mismatch or absence
      is a warning, not a success. ?>
<?cs include:"layout.cs" ?><?cs call:header("Phiếu mã QR") ?>
<link rel="stylesheet" href="/css/kiosk.css">
<?cs if:Slip.registry == "matched" ?>
<p class="flash no-print" role="status"><?cs if:Slip.replayed ?>Tờ khai này đã được lưu trước đó.<?cs else ?>Đã lưu tờ khai giấy<?cs /if ?> · Đã ghi nhận <?cs var:Slip.direction ?> lúc <?cs var:Slip.at ?>.</p>
<?cs else ?>
<p class="warn no-print" role="alert" data-registry="<?cs var:Slip.registry ?>">⚠ <?cs if:Slip.registry == "mismatch" ?>Thông tin KHÔNG KHỚP CSDL dân cư (họ tên, ngày sinh hoặc giới tính).<?cs else ?>Số giấy tờ KHÔNG CÓ trong CSDL dân cư.<?cs /if ?> Đã lưu tờ khai và ghi nhận <?cs var:Slip.direction ?> lúc <?cs var:Slip.at ?>, kèm cảnh báo này: hãy kiểm tra kỹ giấy tờ.</p>
<?cs /if ?>
<section class="slip" id="slip" data-declaration="<?cs var:Slip.declaration_id ?>" data-passage="<?cs var:Slip.passage_id ?>">
  <h1>Mã QR khai báo di chuyển</h1>
  <p class="name"><?cs var:Slip.full_name ?></p>
  <p>Ngày sinh <strong><?cs var:Slip.dob ?></strong> · Số CCCD/CMND <strong class="idmask"><?cs var:Slip.id_masked ?></strong></p>
  <img src="/qr/<?cs var:url_escape(Slip.token) ?>.png" alt="Mã QR của tờ khai" width="256" height="256">
  <p>Có giá trị đến <strong><?cs var:Slip.expires ?></strong></p>
  <p class="small">Xuất trình phiếu này cùng CCCD/CMND tại các chốt kiểm soát tiếp theo.<br><?cs if:Place.name ?>Cấp tại: <?cs var:Place.name ?><?cs /if ?></p>
</section>
<p class="no-print print-choice"><button type="button" id="print-a4" class="primary" hidden>In phiếu A4</button> <button type="button" id="print-80" hidden>In phiếu khổ 80 mm</button></p>
<p class="no-print"><a class="button" href="/paper-entry">Nhập tờ khai khác</a> <a class="button" href="/verify">Về màn hình quét mã</a></p>
<script src="/js/paper.js" defer></script>
<?cs call:footer() ?>
