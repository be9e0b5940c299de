/*
 * paper.js - paper entry (/paper-entry) and its slip.
 *
 * On the form: the chip ID card's QR, from the camera (js/scanner.js) or a
 * USB scanner typing into the card field, finds the card holder's valid
 * declaration (POST /verify action=lookup: the kiosk then shows it) or,
 * when there is none, prefills this form from the card and the registry
 * (POST /paper-entry action=cccd, the form below).  A declaration's own
 * QR scanned here opens it at the kiosk.
 *
 * On the slip: "In phiếu A4" and "In phiếu khổ 80 mm" (a receipt
 * printer), the latter through css/slip-80mm.css for that print only.
 */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };

  /* ------------------------------------------------------------ slip */
  function printWith(sheet) {
    var link = null;
    if (sheet) {
      link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = sheet;
      document.body.appendChild(link);     /* after kiosk.css: its @page wins */
    }
    var done = function () {
      if (link) link.remove();
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    if (link) link.onload = function () { window.print(); };
    else window.print();
  }
  if ($("print-a4") && window.print) {
    $("print-a4").hidden = false;
    $("print-80").hidden = false;
    $("print-a4").addEventListener("click", function () { printWith(null); });
    $("print-80").addEventListener("click", function () { printWith("/css/slip-80mm.css"); });
  }

  /* --------------------------------------------------- the card's QR */
  var cardForm = $("cccd-form");
  if (!cardForm || !window.kdScanner) return;
  var csrf = cardForm.elements.csrf.value;
  var status = $("cam-status");

  function card(text) {
    var what = window.kdScanner.classify(text);
    if (what.kind === "code") {
      window.location.href = "/verify?code=" + encodeURIComponent(what.code);
      return;
    }
    if (what.kind !== "cccd") {
      cardForm.elements.cccd_qr.value = text;
      cardForm.submit();           /* the server says what is wrong */
      return;
    }
    var body = new URLSearchParams({ action: "lookup", id_number: what.id_number, csrf: csrf });
    fetch("/verify", { method: "POST", body: body, credentials: "same-origin",
                       headers: { Accept: "application/json", "X-CSRF-Token": csrf } })
      .then(function (res) {
        return res.ok ? res.json() : null;
      }, function () { return null; })
      .then(function (found) {
        if (found && found.code) {
          window.location.href = "/verify?code=" + encodeURIComponent(found.code);
        } else {
          cardForm.elements.cccd_qr.value = what.text;
          cardForm.submit();
        }
      });
  }

  cardForm.addEventListener("submit", function (e) {
    if (cardForm.getAttribute("data-sent")) return;
    e.preventDefault();
    cardForm.setAttribute("data-sent", "1");
    card(cardForm.elements.cccd_qr.value);
  });
  /* The camera is started by hand here: the page that comes back with
   * the form prefilled must not read the same card again. */
  var scanner = window.kdScanner.attach({
    video: $("cam"), box: $("cam-box"), startButton: $("cam-start"),
    stopButton: $("cam-stop"), status: status,
    words: { starting: cardForm.getAttribute("data-starting"),
             ready: cardForm.getAttribute("data-ready"),
             failed: cardForm.getAttribute("data-failed") },
    onText: function (text) {
      if (cardForm.getAttribute("data-sent")) return;
      cardForm.setAttribute("data-sent", "1");
      scanner.stop();
      card(text);
    }
  });
})();
