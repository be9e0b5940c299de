<?cs # The checkpoint kiosk (cgi-bin/verify.c).  Without JavaScript the
      typed-code form (GET) and the confirm form (POST with csrf) work on
      their own; htdocs/js/kiosk.js adds the camera, the scanner and fetch()
      of the JSON API, and fills the same elements through their data-f
      names.  No inline script or style (CSP). ?>
<?cs include:"layout.cs" ?><?cs call:header("Kiểm tra mã QR") ?>
<link rel="stylesheet" href="/css/kiosk.css">
<section id="kiosk" class="kiosk" data-venue="<?cs var:Kiosk.venue ?>" data-csrf="<?cs var:Session.csrf ?>">
  <div class="kiosk-head">
    <p class="kiosk-place"><?cs if:Kiosk.venue == "1" ?>Điểm quét<?cs else ?>Chốt kiểm soát<?cs /if ?>:
      <strong><?cs if:Kiosk.place_name ?><?cs var:Kiosk.place_name ?><?cs else ?>chưa được gán<?cs /if ?></strong></p>
    <div class="cam" id="cam-box" hidden>
      <video id="cam" muted playsinline></video>
      <button type="button" id="cam-stop" class="cam-stop">Tắt camera</button>
    </div>
    <button type="button" id="cam-start" class="cam-start" hidden>Quét bằng camera</button>
    <p id="cam-status" class="cam-status small" role="status"></p>
    <form id="code-form" class="code-form" method="get" action="/verify" autocomplete="off">
      <label for="code">Mã QR (máy quét, camera hoặc nhập tay)</label>
      <div class="code-row">
        <input id="code" name="code" inputmode="text" autocapitalize="none" spellcheck="false" autofocus value="">
        <button type="submit" class="primary">Kiểm tra</button>
      </div>
    </form>
  </div>

  <p id="flash" class="flash" role="status"<?cs if:!Kiosk.flash ?> hidden<?cs /if ?>><?cs var:Kiosk.flash ?></p>
  <p id="kiosk-error" class="alert" role="alert"<?cs if:!Kiosk.error ?> hidden<?cs /if ?>><?cs var:Kiosk.error ?></p>

  <article id="result" class="result <?cs if:Result.valid == "1" ?>valid<?cs else ?>invalid<?cs /if ?>"<?cs if:!Result.shown ?> hidden<?cs /if ?> aria-live="assertive">
    <div class="verdict">
      <span class="verdict-word" data-f="verdict"><?cs if:Result.valid == "1" ?>HỢP LỆ<?cs else ?>KHÔNG HỢP LỆ<?cs /if ?></span>
      <span class="verdict-reason" data-f="reason_text" data-reason="<?cs var:Result.reason ?>"><?cs var:Result.reason_text ?></span>
    </div>
    <div class="fbanner" data-box="f_alert"<?cs if:!Decl.f_alert ?> hidden<?cs /if ?>>⚠ <span data-f="f_status"><?cs var:Decl.f_status ?></span>: xử lý theo quy định y tế</div>
    <div class="health-alert" data-box="health_alert"<?cs if:!Decl.has_symptoms && !Decl.has_exposure ?> hidden<?cs /if ?>>⚠ <span data-f="health_alert"><?cs if:Decl.has_symptoms ?><?cs var:Decl.symptoms ?><?cs /if ?><?cs if:Decl.has_symptoms && Decl.has_exposure ?>; <?cs /if ?><?cs if:Decl.has_exposure ?><?cs var:Decl.exposure ?><?cs /if ?></span></div>
    <div class="registry-warn" data-box="registry_warn"<?cs if:!Decl.registry || Decl.registry == "matched" ?> hidden<?cs /if ?> data-registry="<?cs var:Decl.registry ?>"><span data-f="registry_text"><?cs var:Decl.registry_text ?></span></div>
    <div class="person" data-box="person"<?cs if:!Decl.full_name ?> hidden<?cs /if ?>>
      <h2 class="name" data-f="full_name"><?cs var:Decl.full_name ?></h2>
      <p class="idno">Số CCCD/CMND: <strong data-f="id_number"><?cs var:Decl.id_number ?></strong></p>
    </div>
    <form id="confirm-form" class="confirm" method="post" action="/verify" data-box="confirm"<?cs if:Result.valid != "1" ?> hidden<?cs /if ?>>
      <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
      <input type="hidden" name="code" value="<?cs var:Result.code ?>">
      <?cs if:Kiosk.venue == "1" ?>
      <button type="submit" name="direction" value="visit" class="big visit">Ghi nhận</button>
      <?cs else ?>
      <button type="submit" name="direction" value="in" class="big in">Vào</button>
      <button type="submit" name="direction" value="out" class="big out">Ra</button>
      <?cs /if ?>
    </form>
    <div class="details" data-box="details"<?cs if:!Decl.full_name ?> hidden<?cs /if ?>>
      <dl class="facts">
        <div><dt>Ngày sinh</dt><dd data-f="dob"><?cs var:Decl.dob ?></dd></div>
        <div><dt>Giới tính</dt><dd data-f="gender"><?cs var:Decl.gender ?></dd></div>
        <div class="wide"><dt>Thường trú</dt><dd data-f="perm"><?cs var:Decl.perm ?></dd></div>
        <div class="wide" data-box="temp"<?cs if:!Decl.temp ?> hidden<?cs /if ?>><dt>Tạm trú</dt><dd data-f="temp"><?cs var:Decl.temp ?></dd></div>
        <div class="wide" data-box="stay"<?cs if:!Decl.stay ?> hidden<?cs /if ?>><dt>Lưu trú</dt><dd data-f="stay"><?cs var:Decl.stay ?></dd></div>
        <div class="wide route"><dt>Đi từ → đến</dt><dd><span data-f="from"><?cs var:Decl.from ?></span> <b>→</b> <span data-f="to"><?cs var:Decl.to ?></span></dd></div>
        <div data-box="travel_date"<?cs if:!Decl.travel_date ?> hidden<?cs /if ?>><dt>Ngày đi</dt><dd data-f="travel_date"><?cs var:Decl.travel_date ?></dd></div>
        <div data-box="vehicle"<?cs if:!Decl.vehicle ?> hidden<?cs /if ?>><dt>Phương tiện</dt><dd data-f="vehicle"><?cs var:Decl.vehicle ?></dd></div>
        <div class="wide<?cs if:Decl.has_symptoms ?> alarm<?cs /if ?>" data-box="symptoms"><dt>Triệu chứng</dt><dd data-f="symptoms"><?cs var:Decl.symptoms ?></dd></div>
        <div class="wide<?cs if:Decl.has_exposure ?> alarm<?cs /if ?>" data-box="exposure"><dt>Dịch tễ</dt><dd data-f="exposure"><?cs var:Decl.exposure ?></dd></div>
        <div><dt>Số mũi vắc-xin</dt><dd><span data-f="vaccine_doses"><?cs var:Decl.vaccine_doses ?></span> khai báo · <span data-f="registered_doses"><?cs var:Decl.registered_doses ?></span> đã tiêm (dữ liệu tiêm chủng)</dd></div>
        <div><dt>Tình trạng F</dt><dd data-f="f_status_text"><?cs if:Decl.f_status ?><?cs var:Decl.f_status ?><?cs else ?>Chưa ghi nhận<?cs /if ?></dd></div>
        <div class="wide"><dt>CSDL dân cư</dt><dd data-f="registry_short"><?cs var:Decl.registry_text ?></dd></div>
        <div><dt>Nguồn</dt><dd data-f="source"><?cs var:Decl.source ?></dd></div>
      </dl>
    </div>
    <p class="expiry" data-box="expiry"<?cs if:!Result.expires ?> hidden<?cs /if ?>>Hạn mã: <strong data-f="expires"><?cs var:Result.expires ?></strong></p>
    <p class="next"><a href="/verify" id="next-person">Người tiếp theo</a></p>
  </article>
  <?cs if:Session.role == "officer" ?><p class="small"><a href="/paper-entry">Nhập tờ khai giấy</a> cho người không có điện thoại.</p><?cs /if ?>
</section>
<script src="/js/kiosk.js" defer></script>
<?cs call:footer() ?>
