<?cs include:"layout.cs" ?><?cs
# The QR page: Qr.token, Qr.name (masked), Qr.id_masked, Qr.expires (local
  time), Qr.created, Qr.from, Qr.to (communes, never a street address),
  Qr.hours_left; Qr.expired / Qr.revoked alone (nothing of the person once
  the code is void); or Qr.invalid for a code that fails its signature. ?><?cs
if:Qr.invalid ?><?cs call:header("Mã QR không hợp lệ") ?>
<section class="card">
  <h1>Mã QR không hợp lệ</h1>
  <p class="alert" role="alert">Mã QR không hợp lệ, đã bị sửa đổi hoặc không có trong hệ thống.</p>
  <p><a class="button primary" href="/declare">Khai báo mới</a> <a class="button" href="/declare/find">Tìm lại mã QR</a></p>
</section>
<?cs elif:Qr.expired || Qr.revoked ?><?cs call:header("Mã QR hết hiệu lực") ?>
<section class="card qr-card">
  <h1>Mã QR hết hiệu lực</h1>
  <?cs if:Qr.revoked ?>
  <p class="alert" role="alert" id="void">Mã QR này đã bị thu hồi. Vui lòng <a href="/declare/find" id="again">khai báo lại</a>.</p>
  <?cs else ?>
  <p class="alert" role="alert" id="void">Mã QR này đã hết hạn lúc <time datetime="<?cs var:Qr.expires_iso ?>"><?cs var:Qr.expires ?></time>. <a href="/declare/find" id="again">Khai báo lại với thông tin đã điền sẵn</a> (nhập số giấy tờ, ngày sinh, số điện thoại) để nhận mã mới.</p>
  <?cs /if ?>
  <p class="small">Mã hết hiệu lực không còn hiện thông tin của người khai báo.</p>
  <p><a class="button" href="/declare">Khai báo mới</a></p>
</section>
<?cs else ?><?cs call:header("Mã QR khai báo") ?>
<section class="card qr-card">
  <h1>Mã QR khai báo di chuyển</h1>
  <p class="ok">Còn hiệu lực đến <strong><?cs var:Qr.expires ?></strong> (khoảng <?cs var:Qr.hours_left ?> giờ nữa).</p>
  <img class="qr" src="/qr/<?cs var:Qr.token ?>.png" alt="Mã QR khai báo của <?cs var:Qr.name ?>">
  <p class="holder"><?cs var:Qr.name ?></p>
  <dl class="facts">
    <dt>CCCD/CMND</dt><dd><?cs var:Qr.id_masked ?></dd>
    <dt>Khai báo lúc</dt><dd><?cs var:Qr.created ?></dd>
    <dt>Hết hạn</dt><dd><time datetime="<?cs var:Qr.expires_iso ?>"><?cs var:Qr.expires ?></time></dd>
    <dt>Đi từ</dt><dd><?cs var:Qr.from ?></dd>
    <dt>Đến</dt><dd><?cs var:Qr.to ?></dd>
  </dl>
  <p class="small">Mã QR có giá trị 72 giờ kể từ lúc khai báo. Hãy lưu ảnh hoặc in trang này và xuất trình cùng CCCD/CMND tại chốt kiểm soát. Mã không chứa thông tin cá nhân; trang chỉ hiện họ tên viết tắt, không hiện địa chỉ.</p>
  <p class="actions">
    <button type="button" class="print primary" hidden>In</button>
    <a class="button" id="save-image" href="/qr/<?cs var:Qr.token ?>.label.png" download="ma-qr-khai-bao.png">Lưu ảnh mã QR (kèm tên, hạn dùng)</a>
    <a class="button" href="/qr/<?cs var:Qr.token ?>.svg" download="ma-qr-khai-bao-in-kho-lon.svg">Tải ảnh nét cao để in khổ lớn</a>
    <a class="button" href="/declare">Khai báo mới</a>
  </p>
  <p class="small no-print">Trang này mở lại được cả khi không có mạng, trên điện thoại đã mở nó.</p>
  <details class="small">
    <summary>Mã dạng chữ (khi không quét được)</summary>
    <code class="token"><?cs var:Qr.token ?></code>
  </details>
</section>
<script src="/js/qr.js" defer></script>
<?cs /if ?>
<?cs call:footer() ?>
