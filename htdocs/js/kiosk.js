/*
 * kiosk.js - the checkpoint kiosk (/verify).
 *
 * Codes come from three places: the device camera (getUserMedia, decoded
 * by the browser's BarcodeDetector where present, else by the vendored
 * jsQR), a USB/Bluetooth scanner that types the code and Enter into the
 * code field, or a person typing.  Each code is checked with
 * GET /verify?code= (JSON) and the result fills the page; "Vào"/"Ra" (or
 * "Ghi nhận" for a venue) POST /verify and the page is at once ready for
 * the next person.  All text goes in through textContent, never as HTML.
 * Without this file the same page works as plain forms.
 */
(function () {
  "use strict";

  var kiosk = document.getElementById("kiosk");
  if (!kiosk) return;
  var csrf = kiosk.getAttribute("data-csrf") || "";
  var codeForm = document.getElementById("code-form");
  var codeInput = document.getElementById("code");
  var result = document.getElementById("result");
  var confirmForm = document.getElementById("confirm-form");
  var flash = document.getElementById("flash");
  var errorBox = document.getElementById("kiosk-error");
  var camBox = document.getElementById("cam-box");
  var camStart = document.getElementById("cam-start");
  var camStop = document.getElementById("cam-stop");
  var camStatus = document.getElementById("cam-status");
  var video = document.getElementById("cam");

  var REASONS = {
    expired: "Mã QR đã hết hạn (quá 72 giờ). Công dân cần khai báo lại.",
    bad_signature: "Mã QR giả hoặc bị sửa: không phải mã do hệ thống cấp.",
    unknown: "Không tìm thấy tờ khai của mã này.",
    revoked: "Tờ khai này đã bị thu hồi."
  };
  var REGISTRY = {
    matched: "Khớp CSDL dân cư",
    mismatch: "KHÔNG KHỚP CSDL dân cư: họ tên, ngày sinh hoặc giới tính khác",
    not_found: "KHÔNG CÓ trong CSDL dân cư"
  };
  var DIRECTION = { "in": "VÀO", out: "RA", visit: "LƯỢT ĐẾN" };

  var current = null;        /* the code on screen */
  var busy = false;          /* a request is in flight */
  var ignore = { code: null, until: 0 };  /* a code just confirmed */

  /* ------------------------------------------------------------ helpers */

  function field(name) {
    return result.querySelector('[data-f="' + name + '"]');
  }
  function setText(name, text) {
    var el = field(name);
    if (el) el.textContent = text == null ? "" : String(text);
  }
  function showBox(name, on) {
    var el = result.querySelector('[data-box="' + name + '"]');
    if (el) el.hidden = !on;
  }
  function dateVN(iso) {       /* YYYY-MM-DD -> DD/MM/YYYY */
    if (!iso || iso.length < 10) return iso || "";
    return iso.slice(8, 10) + "/" + iso.slice(5, 7) + "/" + iso.slice(0, 4);
  }
  function timeVN(iso) {       /* ISO +07:00 -> "HH:MM ngày DD/MM/YYYY" */
    if (!iso || iso.length < 16) return "";
    return iso.slice(11, 16) + " ngày " + dateVN(iso.slice(0, 10));
  }
  function place(d, labels, prefix) {
    var addr = d[prefix + "_address"], code = d[prefix + "_commune"];
    var name = code ? (labels[prefix + "_commune"] || code) : "";
    return [addr, name].filter(function (x) { return x; }).join(", ");
  }
  function ticked(d, list) {
    var out = list.filter(function (f) { return Number(d[f[0]]) === 1; })
      .map(function (f) { return f[1]; });
    return out;
  }
  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }
  function showFlash(text) {
    flash.textContent = text;
    flash.hidden = !text;
  }
  function readyForNext() {
    codeInput.value = "";
    if (document.activeElement !== codeInput) codeInput.focus({ preventScroll: true });
  }

  /* ------------------------------------------------------------- result */

  function render(data, code) {
    var d = data.declaration, labels = data.labels || {};
    current = code;            /* the camera does not look it up again */
    result.classList.toggle("valid", !!data.valid);
    result.classList.toggle("invalid", !data.valid);
    setText("verdict", data.valid ? "HỢP LỆ" : "KHÔNG HỢP LỆ");
    setText("reason_text", data.reason ? (REASONS[data.reason] || data.reason) : "");
    field("reason_text").setAttribute("data-reason", data.reason || "");
    setText("expires", timeVN(data.expires_at));
    showBox("expiry", !!data.expires_at);
    showBox("person", !!d);
    showBox("details", !!d);
    showBox("health_alert", false);
    var f = data.f_status || "";
    showBox("f_alert", f === "F0" || f === "F1");
    setText("f_status", f);
    var reg = data.registry || "";
    var warn = result.querySelector('[data-box="registry_warn"]');
    warn.setAttribute("data-registry", reg);
    warn.hidden = !reg || reg === "matched";
    setText("registry_text", REGISTRY[reg] || "");
    if (d) {
      setText("full_name", d.full_name);
      setText("id_number", d.id_number);
      setText("dob", dateVN(d.dob));
      setText("gender", d.gender === "F" ? "Nữ" : "Nam");
      setText("perm", place(d, labels, "perm"));
      ["temp", "stay"].forEach(function (p) {
        var text = place(d, labels, p);
        setText(p, text);
        showBox(p, !!text);
      });
      setText("from", place(d, labels, "from"));
      setText("to", place(d, labels, "to"));
      setText("travel_date", dateVN(d.travel_date));
      showBox("travel_date", !!d.travel_date);
      var vehicle = [labels.vehicle || "", d.plate || ""].join(" ").trim();
      setText("vehicle", vehicle);
      showBox("vehicle", !!vehicle);
      var sym = ticked(d, [["fever", "Sốt"], ["cough", "Ho"], ["breath", "Khó thở"],
        ["sore_throat", "Đau họng"], ["taste_smell", "Mất vị giác/khứu giác"]]);
      setText("symptoms", sym.length ? sym.join(", ") : "Không");
      result.querySelector('[data-box="symptoms"]').classList.toggle("alarm", sym.length > 0);
      var exp = ticked(d, [["contact_f0", "Tiếp xúc với F0"],
        ["from_epidemic_zone", "Đến từ vùng dịch"]]);
      setText("exposure", exp.length ? exp.join(", ") : "Không");
      result.querySelector('[data-box="exposure"]').classList.toggle("alarm", exp.length > 0);
      var alarm = sym.concat(exp).join(", ");
      setText("health_alert", alarm);
      showBox("health_alert", !!alarm);
      setText("vaccine_doses", d.vaccine_doses);
      setText("registered_doses", data.registered_doses);
      setText("f_status_text", f || "Chưa ghi nhận");
      setText("registry_short", REGISTRY[reg] || "");
      setText("source", d.source === "paper" ? "Tờ khai giấy" : "Khai báo trực tuyến");
    }
    confirmForm.elements.code.value = code;
    showBox("confirm", !!data.valid);
    Array.prototype.forEach.call(confirmForm.querySelectorAll("button"), function (b) {
      b.disabled = false;
    });
    result.hidden = false;
    showFlash("");
    showError("");
  }

  function lookup(code) {
    code = (code || "").trim();
    if (!code || busy) return;
    busy = true;
    showError("");
    fetch("/verify?code=" + encodeURIComponent(code), {
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    }).then(function (res) {
      return res.json().then(function (body) { return { status: res.status, body: body }; });
    }).then(function (r) {
      if (r.status === 200) {
        render(r.body, code);
      } else {
        result.hidden = true;
        showError(errorText(r));
      }
    }).catch(function () {
      showError("Không kết nối được máy chủ. Kiểm tra mạng và thử lại.");
    }).then(function () {
      busy = false;
      readyForNext();
    });
  }

  function errorText(r) {
    var e = r.body && r.body.error;
    if (r.status === 401) return "Phiên đăng nhập đã hết. Vui lòng đăng nhập lại (/login).";
    return (e && e.message) || ("Lỗi " + r.status);
  }

  /* ------------------------------------------------------------ confirm */

  function confirmPassage(direction) {
    var code = confirmForm.elements.code.value;
    if (!code || busy) return;
    busy = true;
    Array.prototype.forEach.call(confirmForm.querySelectorAll("button"), function (b) {
      b.disabled = true;
    });
    var body = new URLSearchParams();
    body.set("code", code);
    body.set("direction", direction);
    body.set("csrf", csrf);
    var name = field("full_name").textContent;
    fetch("/verify", {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRF-Token": csrf },
      credentials: "same-origin",
      body: body
    }).then(function (res) {
      return res.json().then(function (b) { return { status: res.status, body: b }; });
    }).then(function (r) {
      if (r.status === 201 || r.status === 200) {
        var at = r.body.at || "";
        result.hidden = true;
        current = null;
        ignore = { code: code, until: Date.now() + 8000 };
        showFlash("✓ " + (r.status === 201 ? "Đã ghi nhận " : "Đã ghi nhận trước đó ") +
          (DIRECTION[direction] || direction) + ": " + name + " lúc " + at.slice(11, 19));
        flash.setAttribute("data-passage", String(r.body.passage_id));
      } else {
        showError(errorText(r));
        Array.prototype.forEach.call(confirmForm.querySelectorAll("button"), function (b) {
          b.disabled = false;
        });
      }
    }).catch(function () {
      showError("Không kết nối được máy chủ. Bấm lại để thử lại (không bị ghi trùng).");
      Array.prototype.forEach.call(confirmForm.querySelectorAll("button"), function (b) {
        b.disabled = false;
      });
    }).then(function () {
      busy = false;
      readyForNext();
    });
  }

  codeForm.addEventListener("submit", function (e) {
    e.preventDefault();
    lookup(codeInput.value);
  });

  confirmForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var b = e.submitter || document.activeElement;
    var direction = b && b.name === "direction" ? b.value : null;
    if (!direction) {
      var only = confirmForm.querySelector('button[name="direction"]');
      direction = only ? only.value : null;
    }
    if (direction) confirmPassage(direction);
  });

  document.getElementById("next-person").addEventListener("click", function (e) {
    e.preventDefault();
    result.hidden = true;
    if (current) ignore = { code: current, until: Date.now() + 3000 };
    current = null;
    showError("");
    readyForNext();
  });

  /* A scanner types wherever the focus is: send its keys to the code field. */
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t === codeInput || e.ctrlKey || e.altKey || e.metaKey) return;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) return;
    if (e.key && e.key.length === 1) {
      codeInput.value = "";
      codeInput.focus({ preventScroll: true });
    }
  });

  /* ------------------------------------------------------------- camera */

  var stream = null, detector = null, canvas = null, ctx = null, timer = null;

  function loadJsQR() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(); return; }
      var s = document.createElement("script");
      s.src = "/vendor/jsQR.js";
      s.onload = function () { window.jsQR ? resolve() : reject(new Error("jsQR")); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function makeDecoder() {
    if ("BarcodeDetector" in window && window.BarcodeDetector.getSupportedFormats) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") >= 0) {
          detector = new window.BarcodeDetector({ formats: ["qr_code"] });
          return;
        }
        return loadJsQR();
      }, loadJsQR);
    }
    return loadJsQR();
  }

  function decodeFrame() {
    if (!stream || video.readyState < 2) return Promise.resolve(null);
    if (detector) {
      return detector.detect(video).then(function (codes) {
        return codes.length ? codes[0].rawValue : null;
      }, function () { return null; });
    }
    var w = video.videoWidth, h = video.videoHeight;
    if (!w || !h) return Promise.resolve(null);
    var scale = Math.min(1, 640 / w);
    w = Math.round(w * scale); h = Math.round(h * scale);
    if (!canvas) {
      canvas = document.createElement("canvas");
      ctx = canvas.getContext("2d", { willReadFrequently: true });
    }
    canvas.width = w; canvas.height = h;
    ctx.drawImage(video, 0, 0, w, h);
    var img = ctx.getImageData(0, 0, w, h);
    var code = window.jsQR(img.data, w, h, { inversionAttempts: "attemptBoth" });
    return Promise.resolve(code ? code.data : null);
  }

  function tick() {
    timer = null;
    if (!stream) return;
    decodeFrame().then(function (text) {
      if (text && !busy) {
        text = text.trim();
        var ignored = text === ignore.code && Date.now() < ignore.until;
        if (!ignored && text !== current) lookup(text);
      }
    }).then(function () {
      if (stream) timer = setTimeout(tick, 150);
    });
  }

  function startCamera() {
    camStatus.textContent = "Đang bật camera…";
    makeDecoder().then(function () {
      return navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } }
      });
    }).then(function (s) {
      stream = s;
      video.srcObject = s;
      camBox.hidden = false;
      camStart.hidden = true;
      return video.play();
    }).then(function () {
      camStatus.textContent = "Đưa mã QR vào khung hình.";
      try { localStorage.setItem("kd-camera", "on"); } catch (e) { /* private mode */ }
      tick();
    }).catch(function () {
      stopCamera();
      camStatus.textContent = "Không bật được camera. Dùng máy quét hoặc nhập mã.";
    });
  }

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    if (timer) clearTimeout(timer);
    timer = null;
    video.srcObject = null;
    camBox.hidden = true;
    camStart.hidden = false;
    camStatus.textContent = "";
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    camStart.hidden = false;
    camStart.addEventListener("click", startCamera);
    camStop.addEventListener("click", function () {
      stopCamera();
      try { localStorage.removeItem("kd-camera"); } catch (e) { /* ignore */ }
    });
    var remembered = null;
    try { remembered = localStorage.getItem("kd-camera"); } catch (e) { /* ignore */ }
    if (remembered === "on") startCamera();
  }

  /* A result rendered by the server (no-JS path, or a reload): keep it. */
  if (!result.hidden && confirmForm.elements.code.value) current = confirmForm.elements.code.value;
  readyForNext();
})();
