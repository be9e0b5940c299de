/*
 * scanner.js - one camera scanner for every QR the checkpoint meets: the
 * declaration's code and the chip ID card's (CCCD) QR.  Used by the kiosk
 * (/verify) and by paper entry (/paper-entry).
 *
 *   kdScanner.attach({
 *     video, box, startButton, stopButton, status,     // elements
 *     words: {starting, ready, failed},                // what status says
 *     remember: "kd-camera",    // localStorage key: the camera starts by
 *                               // itself next time; omitted: it does not
 *     onText: function (text, frameTime) {...}         // a QR was read
 *   });
 *
 * Frames are decoded by the browser's BarcodeDetector where it has one,
 * else by the vendored jsQR (/vendor/jsQR.js, loaded on first use) on a
 * frame scaled to at most 480 pixels wide.  frameTime is the
 * performance.now() of the frame that held the code, so that a page can
 * measure from the camera to its verdict.  The same text is not handed
 * over again until another text (or none) was seen for a moment, or the
 * page calls forget().
 */
(function () {
  "use strict";

  var SCAN_WIDTH = 480;           /* jsQR's cost grows with the pixels */
  var PAUSE_MS = 120;             /* between two decodes */

  function loadScript(src, test) {
    return new Promise(function (resolve, reject) {
      if (test()) { resolve(); return; }
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () { test() ? resolve() : reject(new Error(src)); };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function makeDecoder() {
    function jsqr() {
      return loadScript("/vendor/jsQR.js", function () { return !!window.jsQR; })
        .then(function () {
          /* One decode of an empty frame, so that the first real one is
           * not also the engine's first run of jsQR. */
          window.jsQR(new Uint8ClampedArray(4 * 64 * 64), 64, 64);
          return null;
        });
    }
    if ("BarcodeDetector" in window && window.BarcodeDetector.getSupportedFormats) {
      return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        return formats.indexOf("qr_code") >= 0 ?
          new window.BarcodeDetector({ formats: ["qr_code"] }) : jsqr();
      }, jsqr);
    }
    return jsqr();
  }

  function attach(o) {
    var stream = null, detector = null, canvas = null, ctx = null, timer = null;
    var last = null, lastSeen = 0;

    function say(text) { if (o.status) o.status.textContent = text || ""; }

    function decode() {
      var video = o.video;
      if (!stream || video.readyState < 2) return Promise.resolve(null);
      if (detector) {
        return detector.detect(video).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        }, function () { return null; });
      }
      var w = video.videoWidth, h = video.videoHeight;
      if (!w || !h) return Promise.resolve(null);
      var scale = Math.min(1, SCAN_WIDTH / w);
      w = Math.round(w * scale); h = Math.round(h * scale);
      if (!canvas) {
        canvas = document.createElement("canvas");
        ctx = canvas.getContext("2d", { willReadFrequently: true });
      }
      if (canvas.width !== w) canvas.width = w;
      if (canvas.height !== h) canvas.height = h;
      ctx.drawImage(video, 0, 0, w, h);
      var img = ctx.getImageData(0, 0, w, h);
      var code = window.jsQR(img.data, w, h, { inversionAttempts: "dontInvert" });
      return Promise.resolve(code ? code.data : null);
    }

    function tick() {
      timer = null;
      if (!stream) return;
      var frameTime = performance.now();
      decode().then(function (text) {
        var now = performance.now();
        if (text && (text !== last || now - lastSeen > 4000)) {
          last = text;
          o.onText(text, frameTime);
        }
        if (text) lastSeen = now;
        else if (now - lastSeen > 1500) last = null;
      }).then(function () {
        if (stream) timer = setTimeout(tick, PAUSE_MS);
      });
    }

    function start() {
      say(o.words.starting);
      makeDecoder().then(function (d) {
        detector = d;
        return navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } }
        });
      }).then(function (s) {
        stream = s;
        o.video.srcObject = s;
        o.box.hidden = false;
        o.startButton.hidden = true;
        return o.video.play();
      }).then(function () {
        say(o.words.ready);
        try { if (o.remember) localStorage.setItem(o.remember, "on"); } catch (e) { /* private */ }
        tick();
      }).catch(function () {
        stop();
        say(o.words.failed);
      });
    }

    function stop() {
      if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
      stream = null;
      if (timer) clearTimeout(timer);
      timer = null;
      o.video.srcObject = null;
      o.box.hidden = true;
      o.startButton.hidden = false;
      say("");
    }

    if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) return null;
    o.startButton.hidden = false;
    o.startButton.addEventListener("click", start);
    o.stopButton.addEventListener("click", function () {
      stop();
      try { if (o.remember) localStorage.removeItem(o.remember); } catch (e) { /* ignore */ }
    });
    var remembered = null;
    try { remembered = o.remember && localStorage.getItem(o.remember); } catch (e) { /* ignore */ }
    if (remembered === "on") start();
    return {
      forget: function () { last = null; },
      stop: stop
    };
  }

  /* What a scanned or typed text is: {kind: "code", code} for a
   * declaration's token (spaces dropped, a /qr/ link read as its code),
   * {kind: "cccd", id_number, text} for a chip ID card's QR (seven fields
   * separated by "|"), {kind: "id_number", id_number} for a typed CCCD or
   * CMND number, else {kind: "unreadable"}.  The server reads codes the
   * same way (lib/token.c kd_token_normalise). */
  function classify(text) {
    text = String(text || "");
    var parts = text.trim().split("|");
    if (parts.length === 7 && /^\d{12}$/.test(parts[0])) {
      return { kind: "cccd", id_number: parts[0], text: text.trim() };
    }
    var s = text.replace(/[ \t\r\n]/g, "");
    var at = s.lastIndexOf("/qr/");
    if (at >= 0) {
      s = s.slice(at + 4).split(/[?#]/)[0].replace(/\.(png|svg)$/, "");
    }
    if (/^[A-Za-z0-9_-]{102}$/.test(s)) return { kind: "code", code: s };
    var digits = text.replace(/[ .]/g, "");
    if (/^(\d{9}|\d{12})$/.test(digits)) return { kind: "id_number", id_number: digits };
    return { kind: "unreadable" };
  }

  window.kdScanner = { attach: attach, classify: classify };
})();
