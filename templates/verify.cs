<?cs # The checkpoint kiosk (cgi-bin/verify.c, verify-page.c).  Without
      JavaScript the typed-code form (GET), the look-up by ID number, the
      confirm form and the undo forms (POST with csrf) work on their own;
      htdocs/js/kiosk.js adds the camera, the scanner, fetch() of the JSON
      API and the offline check, and fills the same elements through their
      data-f names.  Its words come from the list #kiosk-words below (made
      from lib/labels.c and lib/decision.c), also when it is offline.  No
      inline script or style (CSP). ?>
<?cs include:"layout.cs" ?><?cs include:"camera.cs" ?><?cs call:header("Kiểm tra mã QR") ?>
<link rel="stylesheet" href="/css/kiosk.css">
<section id="kiosk" class="kiosk" data-venue="<?cs var:Kiosk.venue ?>" data-depot="<?cs var:Kiosk.depot ?>" data-csrf="<?cs var:Session.csrf ?>" data-uid="<?cs var:Session.uid ?>" data-place="<?cs var:Kiosk.place_id ?>" data-undo-seconds="<?cs var:Kiosk.undo_seconds ?>">
  <div class="kiosk-scan">
    <p class="kiosk-place"><?cs if:Kiosk.venue == "1" ?>Điểm quét<?cs else ?>Chốt kiểm soát<?cs /if ?>:
      <strong><?cs if:Kiosk.place_name ?><?cs var:Kiosk.place_name ?><?cs else ?>chưa được gán<?cs /if ?></strong></p>
<?cs call:camera_box() ?>
    <div class="scan-row">
      <button type="button" id="cam-start" class="cam-start" hidden>Camera</button>
      <form id="code-form" class="code-form" method="get" action="/verify" autocomplete="off">
        <label for="code" class="sr">Mã QR (máy quét, camera hoặc nhập tay)</label>
        <input id="code" name="code" inputmode="text" autocapitalize="none" spellcheck="false" autofocus placeholder="Quét hoặc nhập mã QR / CCCD" value="">
        <button type="submit" class="primary">Kiểm tra</button>
      </form>
    </div>
<?cs call:camera_status() ?>
    <p id="net" class="net" hidden><span id="net-text"></span> <strong id="queue"><span id="queue-count">0</span> <span data-w="waiting"></span></strong></p>
    <p id="flash" class="flash" role="status"<?cs if:!Kiosk.flash ?> hidden<?cs /if ?>><span id="flash-text"><?cs var:Kiosk.flash ?></span> <button type="button" id="flash-undo" class="undo" hidden>Hủy</button></p>
    <p id="kiosk-error" class="alert" role="alert"<?cs if:!Kiosk.error ?> hidden<?cs /if ?>><?cs var:Kiosk.error ?></p>
  </div>

  <article id="result" class="result <?cs if:Result.decision ?><?cs var:Result.decision ?><?cs else ?>pass<?cs /if ?>"<?cs if:!Result.shown ?> hidden<?cs /if ?> aria-live="assertive">
    <div class="verdict">
      <p class="decision" data-f="decision_words"><?cs var:Result.decision_words ?></p>
      <div class="reasons" data-f="reasons"><?cs each:x = Result.reasons ?><p data-reason="<?cs var:x.code ?>"><?cs var:x.words ?></p><?cs /each ?></div>
      <p class="offline-note" data-box="offline" hidden data-f="offline_note"></p>
    </div>
    <div class="person" data-box="person"<?cs if:!Decl.full_name ?> hidden<?cs /if ?>>
      <h2 class="name" data-f="full_name"><?cs var:Decl.full_name ?></h2>
      <p class="idline" data-box="idline"<?cs if:Result.limited ?> hidden<?cs /if ?>><span>Ngày sinh <b data-f="dob"><?cs var:Decl.dob ?></b></span> <span>Số CCCD/CMND <b class="idno" data-f="id_number"><?cs var:Decl.id_number ?></b></span></p>
    </div>
    <div class="vehicle" data-box="vehicle"<?cs if:!Vehicle.pass_id ?> hidden<?cs /if ?>>
      <p class="plate">Xe luồng xanh <b data-f="vehicle_plate"><?cs var:Vehicle.plate ?></b></p>
      <p class="small"><span data-f="vehicle_kind"><?cs var:Vehicle.kind ?></span> · Hàng hoá: <span data-f="vehicle_cargo"><?cs var:Vehicle.cargo ?></span></p>
      <ul class="drivers" data-f="vehicle_drivers"><?cs each:d = Vehicle.drivers ?><li><b><?cs var:d.role ?>:</b> <?cs var:d.full_name ?> · <?cs var:d.id_number ?> · <?cs var:d.f_status_text ?><?cs if:!d.declared ?> · <strong>chưa khai báo y tế</strong><?cs /if ?></li><?cs /each ?></ul>
      <p class="depot<?cs if:!Vehicle.depot_at ?> alarm<?cs /if ?>" data-f="vehicle_depot"><?cs var:Vehicle.depot_text ?></p>
    </div>
    <p class="codeline">Mã QR: <b data-f="verdict"><?cs var:Result.verdict ?></b><span data-box="reason_text"<?cs if:!Result.reason_text ?> hidden<?cs /if ?>> – <span data-f="reason_text" data-reason="<?cs var:Result.reason ?>"><?cs var:Result.reason_text ?></span></span><span data-box="expiry"<?cs if:!Result.expires ?> hidden<?cs /if ?>> · hạn <span data-f="expires"><?cs var:Result.expires ?></span></span></p>
    <div class="details" data-box="details"<?cs if:!Decl.full_name || Result.limited ?> hidden<?cs /if ?>>
      <dl class="facts">
        <div><dt>Giới tính</dt><dd data-f="gender"><?cs var:Decl.gender ?></dd></div>
        <div><dt>Tình trạng F</dt><dd data-f="f_status_text"><?cs var:Decl.f_status_text ?></dd></div>
        <div class="wide<?cs if:Decl.has_symptoms ?> alarm<?cs /if ?>" data-box="symptoms"><dt>Triệu chứng</dt><dd data-f="symptoms"><?cs var:Decl.symptoms ?></dd></div>
        <div class="wide<?cs if:Decl.has_exposure ?> alarm<?cs /if ?>" data-box="exposure"><dt>Dịch tễ</dt><dd data-f="exposure"><?cs var:Decl.exposure ?></dd></div>
        <div class="wide zone" data-box="zone"<?cs if:!Zone.from ?> hidden<?cs /if ?>><dt>Cấp độ dịch khi khai báo: nơi đi → nơi đến</dt><dd><span class="lv" data-f="zone_from" data-level="<?cs var:Zone.from_color ?>"><?cs var:Zone.from ?></span> <b>→</b> <span class="lv" data-f="zone_to" data-level="<?cs var:Zone.to_color ?>"><?cs var:Zone.to ?></span></dd></div>
        <div class="wide zone" data-box="zone_here"<?cs if:!Zone.here ?> hidden<?cs /if ?>><dt>Cấp độ dịch tại đây (hiện nay)</dt><dd><span class="lv" data-f="zone_here" data-level="<?cs var:Zone.here_color ?>"><?cs var:Zone.here ?></span></dd></div>
        <div class="wide" data-box="permit"<?cs if:!Permit.text ?> hidden<?cs /if ?>><dt>Giấy đi đường</dt><dd data-f="permit"><?cs var:Permit.text ?></dd></div>
        <div class="wide"><dt>CSDL dân cư</dt><dd data-f="registry_text"><?cs var:Decl.registry_text ?></dd></div>
        <div class="wide"><dt>Thường trú</dt><dd data-f="perm"><?cs var:Decl.perm ?></dd></div>
        <div class="wide" data-box="temp"<?cs if:!Decl.temp ?> hidden<?cs /if ?>><dt>Tạm trú</dt><dd data-f="temp"><?cs var:Decl.temp ?></dd></div>
        <div class="wide" data-box="stay"<?cs if:!Decl.stay ?> hidden<?cs /if ?>><dt>Lưu trú</dt><dd data-f="stay"><?cs var:Decl.stay ?></dd></div>
        <div class="wide route"><dt>Đi từ → đến</dt><dd><span data-f="from"><?cs var:Decl.from ?></span> <b>→</b> <span data-f="to"><?cs var:Decl.to ?></span></dd></div>
        <div data-box="travel_date"<?cs if:!Decl.travel_date ?> hidden<?cs /if ?>><dt>Ngày đi</dt><dd data-f="travel_date"><?cs var:Decl.travel_date ?></dd></div>
        <div data-box="vehicle"<?cs if:!Decl.vehicle ?> hidden<?cs /if ?>><dt>Phương tiện</dt><dd data-f="vehicle"><?cs var:Decl.vehicle ?></dd></div>
        <div><dt>Số mũi vắc-xin</dt><dd><span data-f="vaccine_doses"><?cs var:Decl.vaccine_doses ?></span> khai báo · <span data-f="registered_doses"><?cs var:Decl.registered_doses ?></span> đã tiêm (dữ liệu tiêm chủng)</dd></div>
        <div><dt>Nguồn</dt><dd data-f="source"><?cs var:Decl.source ?></dd></div>
      </dl>
    </div>
    <form id="confirm-form" class="confirm" method="post" action="/verify">
      <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
      <input type="hidden" name="code" value="<?cs var:Result.code ?>">
      <input type="hidden" name="declaration_id" value="<?cs var:Result.declaration_id ?>">
      <span class="dirs" data-box="dirs"<?cs if:Result.valid != "1" ?> hidden<?cs /if ?>><?cs if:Kiosk.venue == "1" ?>
        <button type="submit" name="direction" value="visit" class="big visit" data-key="v">Ghi nhận <kbd>V</kbd></button><?cs else ?>
        <button type="submit" name="direction" value="in" class="big in" data-key="v">Vào <kbd>V</kbd></button>
        <button type="submit" name="direction" value="out" class="big out" data-key="r">Ra <kbd>R</kbd></button><?cs /if ?>
      </span>
      <?cs if:Kiosk.depot ?><span class="dirs" data-box="depot"<?cs if:!Vehicle.pass_id || Vehicle.depot_at || Result.valid != "1" ?> hidden<?cs /if ?>><button type="submit" name="action" value="depot_check" class="big depot-check" data-key="k">Kiểm tra xuất bến <kbd>K</kbd></button></span><?cs /if ?>
      <a href="/verify" id="next-person" class="big next">Tiếp <kbd>Esc</kbd></a>
    </form>
  </article>

  <section class="today" id="today">
    <h2>Hôm nay tại chốt</h2>
    <p class="counts"><?cs if:Kiosk.venue == "1" ?><span>Lượt đến <b id="count-visit"><?cs var:Today.visit ?></b></span><?cs else ?><span>Vào <b id="count-in"><?cs var:Today.in ?></b></span> <span>Ra <b id="count-out"><?cs var:Today.out ?></b></span><?cs /if ?></p>
    <div class="last" id="last"><?cs each:p = Today.last ?><div class="row<?cs if:p.cancelled ?> cancelled<?cs /if ?>"><span class="t"><?cs var:p.time ?></span> <span class="d"><?cs var:p.direction ?></span> <span class="n"><?cs var:p.name ?></span><?cs if:p.cancelled ?> <em>(đã hủy)</em><?cs /if ?><?cs if:p.undo ?>
      <form method="post" action="/verify" class="undo-form"><input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>"><input type="hidden" name="action" value="undo"><input type="hidden" name="passage_id" value="<?cs var:p.passage_id ?>"><button type="submit" class="undo">Hủy</button></form><?cs /if ?></div><?cs /each ?></div>
    <p class="shift" id="shift" hidden><label for="default-dir">Chiều mặc định của ca (phím Enter)</label>
      <select id="default-dir"><option value="">Không</option><?cs if:Kiosk.venue == "1" ?><option value="visit">Ghi nhận</option><?cs else ?><option value="in">Vào</option><option value="out">Ra</option><?cs /if ?></select></p>
  </section>

  <?cs if:Session.role == "officer" ?>
  <section class="fallback">
    <form id="lookup-form" method="post" action="/verify" autocomplete="off">
      <input type="hidden" name="csrf" value="<?cs var:Session.csrf ?>">
      <input type="hidden" name="action" value="lookup">
      <label for="lookup-id">Không quét được mã? Tra theo số CCCD/CMND</label>
      <div class="code-row">
        <input id="lookup-id" name="id_number" inputmode="numeric" maxlength="14">
        <button type="submit">Tra cứu</button>
      </div>
    </form>
    <p class="small"><a href="/paper-entry">Nhập tờ khai giấy</a> cho người không có điện thoại.</p>
  </section>
  <?cs /if ?>
  <ul id="kiosk-words" hidden><?cs each:w = Words ?><li data-t="<?cs var:w.table ?>" data-k="<?cs var:w.code ?>"><?cs var:w.text ?></li><?cs /each ?><?cs each:d = Decisions ?><li data-t="decisions" data-k="<?cs var:d.name ?>"><?cs var:d.words ?></li><?cs /each ?><?cs each:x = Rules ?><li data-t="rules" data-k="<?cs var:x.reason ?>" data-decision="<?cs var:x.decision ?>"><?cs var:x.words ?></li><?cs /each ?></ul>
</section>
<script src="/js/kiosk-ed25519.js" type="module"></script>
<script src="/js/scanner.js" defer></script>
<script src="/js/kiosk-offline.js" defer></script>
<script src="/js/kiosk.js" defer></script>
<?cs call:footer() ?>
