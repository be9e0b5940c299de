/*
 * kiosk.js - the checkpoint kiosk (/verify).
 *
 * A code comes from the camera (js/scanner.js: the declaration's QR or
 * the chip ID card's), from a USB/Bluetooth scanner that types it and
 * Enter into the code field, or from a person typing (a code, a pasted
 * /qr/ link, or an ID number to look up).  Online, GET /verify?code=
 * (JSON) answers the verdict about the person and the page shows it;
 * without a network the code is checked here (js/kiosk-offline.js) and
 * the page says plainly that it was an offline check.  "Vào"/"Ra" (or
 * "Ghi nhận" for a venue; keys V, R, Enter for the shift's default
 * direction, Esc for the next person) POST /verify; without a network the
 * confirmation waits in IndexedDB with its device_ref and scan time, and
 * is sent when the network returns.  Every word shown comes from the
 * page's #kiosk-words list (lib/labels.c, lib/decision.c) or from the
 * server's answer; all text goes in through textContent, never as HTML.
 * Without this file the same page works as plain forms.
 *
 * Performance marks: "kd-verdict-online" and "kd-verdict-offline"
 * measure from the camera frame that held the code (or the Enter of a
 * typed one) to the verdict painted.
 */
(function () {
  "use strict";

  var kiosk = document.getElementById("kiosk");
  if (!kiosk) return;
  var $ = function (id) { return document.getElementById(id); };
  var csrf = kiosk.getAttribute("data-csrf") || "";
  var uid = kiosk.getAttribute("data-uid") || "";
  var venue = kiosk.getAttribute("data-venue") === "1";
  var depot = kiosk.getAttribute("data-depot") === "1";
  var undoSeconds = Number(kiosk.getAttribute("data-undo-seconds")) || 120;
  var codeInput = $("code"), result = $("result"), confirmForm = $("confirm-form");
  var flash = $("flash"), flashText = $("flash-text"), flashUndo = $("flash-undo");
  var errorBox = $("kiosk-error"), net = $("net"), lookupForm = $("lookup-form");
  var offline = window.kdOffline, scannerLib = window.kdScanner;

  /* ------------------------------------------------------------ words */

  var W = {}, RULES = {}, DECISIONS = {};
  Array.prototype.forEach.call($("kiosk-words").children, function (li) {
    var t = li.getAttribute("data-t"), k = li.getAttribute("data-k");
    if (t === "rules") RULES[k] = { decision: li.getAttribute("data-decision"), words: li.textContent };
    else if (t === "decisions") DECISIONS[k] = li.textContent;
    else (W[t] = W[t] || {})[k] = li.textContent;
  });
  function say(key) { return (W.kiosk && W.kiosk[key]) || key; }
  Array.prototype.forEach.call(document.querySelectorAll("[data-w]"), function (el) {
    el.textContent = say(el.getAttribute("data-w"));
  });

  /* ---------------------------------------------------------- helpers */

  var shown = null;          /* {code, valid, offline, scannedAt} on screen */
  var busy = false;

  function field(name) { return result.querySelector('[data-f="' + name + '"]'); }
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
  function timeVN(iso) {       /* ISO +07:00 -> "HH:MM DD/MM/YYYY" */
    if (!iso || iso.length < 16) return "";
    return iso.slice(11, 16) + " " + dateVN(iso.slice(0, 10));
  }
  function isoVN(d) {          /* a Date as ISO text of its +07:00 clock */
    return new Date(d.getTime() + 7 * 3600 * 1000).toISOString();
  }
  function clock(d) { return isoVN(d).slice(11, 19); }
  function place(d, labels, prefix) {
    var addr = d[prefix + "_address"], code = d[prefix + "_commune"];
    var name = code ? (labels[prefix + "_commune"] || code) : "";
    return [addr, name].filter(function (x) { return x; }).join(", ");
  }
  function showError(text) { errorBox.textContent = text || ""; errorBox.hidden = !text; }
  function showFlash(text, passageId) {
    flashText.textContent = text || "";
    flash.hidden = !text;
    flashUndo.hidden = !passageId;
    flash.setAttribute("data-passage", passageId ? String(passageId) : "");
    if (passageId) {
      setTimeout(function () {
        if (flash.getAttribute("data-passage") === String(passageId)) flashUndo.hidden = true;
      }, undoSeconds * 1000);
    }
  }
  function readyForNext() {
    codeInput.value = "";
    if (document.activeElement !== codeInput) codeInput.focus({ preventScroll: true });
  }
  function setButtons(on) {
    Array.prototype.forEach.call(confirmForm.querySelectorAll("button"), function (b) {
      b.disabled = !on;
    });
  }
  function post(body) {
    body.set("csrf", csrf);
    return fetch("/verify", {
      method: "POST", body: body, credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRF-Token": csrf }
    }).then(function (res) {
      return res.json().then(function (b) { return { status: res.status, body: b }; });
    });
  }
  function errorText(r) {
    var e = r.body && r.body.error;
    if (r.status === 401) return say("session_ended");
    if (e && e.fields) {
      var k = Object.keys(e.fields);
      if (k.length) return e.fields[k[0]];
    }
    return (e && e.message) || String(r.status);
  }
  function isNetworkDown(err) { return !navigator.onLine || err instanceof TypeError; }

  /* ------------------------------------------------------ the verdict */

  /* Sound and vibration: one short high beep for pass, two for check, a
   * long low one for stop. */
  var audio = null;
  /* Making an AudioContext takes a fifth of a second here: made once when
   * the page is idle, not on the first verdict's path; resumed by the
   * first touch or key (browsers start it suspended until then). */
  function makeAudio() {
    try { audio = audio || new (window.AudioContext || window.webkitAudioContext)(); } catch (e) { /* */ }
  }
  (window.requestIdleCallback || setTimeout)(makeAudio);
  ["pointerdown", "keydown"].forEach(function (ev) {
    document.addEventListener(ev, function () {
      if (audio && audio.state === "suspended") audio.resume();
    }, { passive: true });
  });
  function signal(decision) {
    var pattern = { pass: [[880, 0.12]], check: [[660, 0.12], [660, 0.12]], stop: [[220, 0.6]] }[decision];
    if (navigator.vibrate) navigator.vibrate({ pass: 60, check: [80, 60, 80], stop: 500 }[decision]);
    try {
      if (!audio) return;
      var t = audio.currentTime;
      pattern.forEach(function (p) {
        var o = audio.createOscillator(), g = audio.createGain();
        o.frequency.value = p[0];
        g.gain.value = 0.2;
        o.connect(g); g.connect(audio.destination);
        o.start(t); o.stop(t + p[1]);
        t += p[1] + 0.08;
      });
    } catch (e) { /* no audio */ }
  }

  function showDecision(decision, codes, words) {
    result.classList.remove("pass", "check", "stop");
    result.classList.add(decision);
    setText("decision_words", DECISIONS[decision] || decision);
    var box = field("reasons");
    box.textContent = "";
    codes.forEach(function (code, i) {
      var p = document.createElement("p");
      p.setAttribute("data-reason", code);
      p.textContent = words[i] || (RULES[code] && RULES[code].words) || code;
      box.appendChild(p);
    });
  }

  function painted(mark, since) {
    if (since == null) return;
    requestAnimationFrame(function () {
      setTimeout(function () {
        try { performance.measure(mark, { start: since, end: performance.now() }); } catch (e) { /* old */ }
      }, 0);
    });
  }

  function showResult(state, decision) {
    shown = state;
    confirmForm.elements.code.value = state.code || "";
    confirmForm.elements.declaration_id.value = state.declarationId || "";
    showBox("dirs", !!state.valid);
    setButtons(true);
    result.hidden = false;
    kiosk.classList.add("has-result");
    showFlash("");
    showError("");
    highlightDefault();
    signal(decision);
  }

  function renderPerson(d, labels, reg) {
    setText("full_name", d.full_name);
    setText("id_number", d.id_number);
    setText("dob", dateVN(d.dob));
    setText("gender", labels.gender);
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
    setText("symptoms", labels.symptoms || labels.none);
    result.querySelector('[data-box="symptoms"]').classList.toggle("alarm", !!labels.symptoms);
    setText("exposure", labels.exposure || labels.none);
    result.querySelector('[data-box="exposure"]').classList.toggle("alarm", !!labels.exposure);
    setText("vaccine_doses", d.vaccine_doses);
    setText("f_status_text", labels.f_status);
    setText("registry_text", labels.registry || (W.registry && W.registry[reg]) || "");
    setText("source", labels.source);
  }

  /* Zones, the permit, a green-lane vehicle (lib/zones.h, lib/vehicle.h). */
  function setLevel(name, text, color) {
    setText(name, text);
    var el = field(name);
    if (el) el.setAttribute("data-level", color || "none");
  }
  function renderVehicle(v, valid) {
    showBox("vehicle", !!v);
    showBox("depot", !!v && !v.depot_check && valid && depot);
    if (!v) return;
    setText("vehicle_plate", v.plate);
    setText("vehicle_kind", v.kind_name);
    setText("vehicle_cargo", v.cargo);
    var list = field("vehicle_drivers");
    list.textContent = "";
    v.drivers.forEach(function (d) {
      var li = document.createElement("li"), b = document.createElement("b");
      b.textContent = say(d.role) + ":";
      li.appendChild(b);
      li.appendChild(document.createTextNode(" " + [d.full_name || say("not_in_registry"),
        d.id_number, d.f_status_text].join(" · ") + (d.declared ? "" : " · " + say("undeclared"))));
      list.appendChild(li);
    });
    var dep = field("vehicle_depot"), c = v.depot_check;
    dep.textContent = c ? say("depot_checked") + " " + c.place_name + " " + say("at") + " " +
      timeVN(c.at) : say("depot_unchecked");
    dep.classList.toggle("alarm", !c);
  }
  function renderZones(data) {
    var labels = data.labels || {}, z = labels.zone || {};
    setLevel("zone_from", z.from, z.from_color);
    setLevel("zone_to", z.to, z.to_color);
    showBox("zone", !!data.zone);
    setLevel("zone_here", z.here, z.here_color);
    showBox("zone_here", !!z.here);
    setText("permit", labels.permit || "");
    showBox("permit", !!labels.permit);
    renderVehicle(data.vehicle, !!data.valid);
  }

  /* The server's answer (GET /verify or a look-up by ID number). */
  function render(data, code, since, scannedAt) {
    var d = data.declaration, labels = data.labels || {};
    showDecision(data.decision, data.reasons || [], labels.reasons || []);
    showBox("offline", false);
    setText("verdict", labels.verdict);
    setText("reason_text", labels.reason || "");
    field("reason_text").setAttribute("data-reason", data.reason || "");
    showBox("reason_text", !!data.reason);
    setText("expires", timeVN(data.expires_at));
    showBox("expiry", !!data.expires_at);
    /* A venue reads the decision and the masked name only. */
    showBox("person", !!d);
    showBox("idline", !data.limited);
    showBox("details", !!d && !data.limited);
    if (d && !data.limited) {
      renderPerson(d, labels, data.registry);
      setText("registered_doses", data.registered_doses);
    } else if (d) setText("full_name", d.full_name);
    renderZones(data);
    /* A person looked up by ID number has no code here: the passage is
     * confirmed with the declaration's id. */
    showResult({ code: code, declarationId: code ? null : d && d.declaration_id,
      valid: !!data.valid, offline: false, scannedAt: scannedAt }, data.decision);
    painted("kd-verdict-online", since);
  }

  /* The browser's own check: the code, not the person. */
  function renderOffline(found, code, since, scannedAt) {
    var codes = found.reason ? [found.reason] : ["offline"];
    var decision = codes.map(function (c) { return RULES[c] ? RULES[c].decision : "stop"; })[0];
    showDecision(decision, codes, []);
    setText("offline_note", say("offline"));
    showBox("offline", true);
    setText("verdict", (W.verdicts || {})[found.reason ? "invalid" : "valid"]);
    setText("reason_text", found.reason ? (W.reasons || {})[found.reason] || "" : "");
    showBox("reason_text", !!found.reason);
    setText("expires", found.expires ? timeVN(isoVN(found.expires)) : "");
    showBox("expiry", !!found.expires);
    showBox("details", false);
    showBox("vehicle", false);
    showBox("depot", false);
    var person = !found.reason || found.reason === "revoked";
    showBox("person", !!found.declaration_id && person);
    setText("full_name", say("offline_id") + " " + (found.declaration_id || ""));
    setText("dob", "–");
    setText("id_number", "–");
    showResult({ code: code, valid: !found.reason, offline: true, scannedAt: scannedAt }, decision);
    painted("kd-verdict-offline", since);
  }

  function checkOffline(code, since, scannedAt) {
    return offline.check(code).then(function (found) {
      if (found.reason === "no_keys") showError(say("no_keys"));
      else renderOffline(found, code, since, scannedAt);
    });
  }

  function lookupCode(code, since) {
    var scannedAt = new Date();
    if (!navigator.onLine) {
      busy = true;
      return checkOffline(code, since, scannedAt).then(function () {
        busy = false;
        readyForNext();
      });
    }
    busy = true;
    showError("");
    return fetch("/verify?code=" + encodeURIComponent(code), {
      headers: { Accept: "application/json" }, credentials: "same-origin"
    }).then(function (res) {
      return res.json().then(function (body) { return { status: res.status, body: body }; });
    }).then(function (r) {
      if (r.status === 200) render(r.body, code, since, scannedAt);
      else { hideResult(); showError(errorText(r)); }
    }, function (err) {
      if (!isNetworkDown(err)) { showError(say("server_error")); return null; }
      setNetwork(false);
      return checkOffline(code, since, scannedAt);
    }).then(function () {
      busy = false;
      readyForNext();
    });
  }

  /* A person looked up by ID number (typed, or from a CCCD): their
   * newest valid declaration, or none.  cccd: the card's QR text, for
   * paper entry when there is none. */
  function lookupId(idNumber, cccd, since) {
    if (venue) { showError(say("cccd_venue")); return; }
    if (!navigator.onLine) { showError(say("cccd_offline")); return; }
    busy = true;
    var body = new URLSearchParams();
    body.set("action", "lookup");
    body.set("id_number", idNumber);
    post(body).then(function (r) {
      if (r.status === 200) {
        render(r.body, null, since, new Date());
        if (cccd) showFlash(say("cccd_found"));
      } else if (r.status === 404 && cccd) {
        showError(say("cccd_none"));
        paperEntry(cccd);
      } else if (r.status === 404) {
        hideResult();
        showError(say("lookup_none"));
      } else {
        showError(errorText(r));
      }
    }, function () { showError(say("cccd_offline")); }).then(function () {
      busy = false;
      readyForNext();
    });
  }

  /* Paper entry prefilled from the card: a POST form, so that nothing
   * of the person goes into a URL. */
  function paperEntry(cccdText) {
    var f = document.createElement("form");
    f.method = "post";
    f.action = "/paper-entry";
    f.hidden = true;
    [["csrf", csrf], ["action", "cccd"], ["cccd_qr", cccdText]].forEach(function (kv) {
      var i = document.createElement("input");
      i.type = "hidden"; i.name = kv[0]; i.value = kv[1];
      f.appendChild(i);
    });
    document.body.appendChild(f);
    f.submit();
  }

  /* Whatever was scanned or typed. */
  function handle(text, since) {
    if (busy || !String(text || "").trim()) return;
    var what = scannerLib.classify(text);
    if (what.kind === "code") {
      if (shown && shown.code === what.code && !result.hidden) return;
      lookupCode(what.code, since);
    } else if (what.kind === "cccd") {
      lookupId(what.id_number, what.text, since);
    } else if (what.kind === "id_number") {
      lookupId(what.id_number, null, since);
    } else {
      hideResult();
      showError(say("unreadable"));
      readyForNext();
    }
  }

  function hideResult() {
    result.hidden = true;
    kiosk.classList.remove("has-result");
    shown = null;
  }

  /* ---------------------------------------------------------- confirm */

  function confirmed(r, direction, name) {
    var ok = r.status === 201 || r.status === 200;
    if (!ok) { showError(errorText(r)); setButtons(true); return; }
    /* The person may still hold the code to the camera: the scanner does
     * not hand the same code over again while it stays in view. */
    hideResult();
    showFlash("✓ " + (r.body.labels ? r.body.labels.result : say("recorded")) + " " +
      ((W.directions || {})[direction] || direction) + ": " + name + " " + say("at") + " " +
      String(r.body.at || "").slice(11, 19), r.status === 201 ? r.body.passage_id : null);
    refreshToday();
  }

  /* What names the person in a confirmation: the code, or after a
   * look-up by ID number the declaration's id. */
  function whom(state, fields) {
    if (state.code) fields.code = state.code;
    else fields.declaration_id = String(state.declarationId);
    return fields;
  }

  function queueIt(state, direction, name, ref) {
    return offline.queue.add(whom(state, {
      device_ref: ref, direction: direction,
      scanned_at: state.scannedAt.toISOString(), uid: uid
    })).then(function () {
      hideResult();
      showFlash("⏳ " + say("queued") + " – " + ((W.directions || {})[direction] || direction) +
        (name ? ": " + name : "") + " " + say("at") + " " + clock(state.scannedAt));
      bump(direction);
      showQueue();
    });
  }

  function confirmPassage(direction) {
    if (!shown || !shown.valid || busy) return;
    var state = shown, ref = offline.deviceRef();
    var name = state.offline ? "" : field("full_name").textContent;
    busy = true;
    setButtons(false);
    var done = state.offline || !navigator.onLine ? queueIt(state, direction, name, ref) :
      post(new URLSearchParams(whom(state, { direction: direction, device_ref: ref })))
        .then(function (r) { confirmed(r, direction, name); }, function (err) {
          if (!isNetworkDown(err)) throw err;
          setNetwork(false);
          return queueIt(state, direction, name, ref);
        });
    done.catch(function () {
      showError(say("server_error"));
      setButtons(true);
    }).then(function () {
      busy = false;
      readyForNext();
    });
  }

  /* A green-lane vehicle checked at the depot before it leaves; the
   * verdict is then read again, with the check in it. */
  function depotCheck() {
    var box = result.querySelector('[data-box="depot"]');
    if (!box || box.hidden || !shown || !shown.valid || shown.offline || busy) return;
    var code = shown.code, body = new URLSearchParams();
    body.set("action", "depot_check");
    body.set("code", code);
    busy = true;
    setButtons(false);
    post(body).then(function (r) {
      busy = false;
      if (r.status !== 201 && r.status !== 200) { showError(errorText(r)); setButtons(true); return; }
      var text = "✓ " + say(r.status === 201 ? "depot_done" : "depot_before") + " " +
        r.body.place_name + " " + say("at") + " " + String(r.body.at || "").slice(11, 16);
      return lookupCode(code, null).then(function () { showFlash(text); });
    }, function () {
      busy = false;
      showError(say("server_error"));
      setButtons(true);
    });
  }

  function undo(passageId) {
    var body = new URLSearchParams();
    body.set("action", "undo");
    body.set("passage_id", String(passageId));
    post(body).then(function (r) {
      if (r.status === 200) showFlash("↶ " + say("undone"));
      else showError(errorText(r));
      refreshToday();
    }, function () { showError(say("server_error")); });
  }

  /* ----------------------------------------------- the offline queue */

  var flushing = null;

  function showQueue() {
    return offline.queue.count().then(function (n) {
      $("queue-count").textContent = String(n);
      $("queue").hidden = n === 0;
      net.hidden = navigator.onLine && n === 0;
      return n;
    });
  }

  function setNetwork(up) {
    $("net-text").textContent = up ? "" : say("network_down");
    net.classList.toggle("down", !up);
    showQueue();
  }

  /* Sends what waits, one by one, oldest scan first.  A refusal that
   * will not change (expired, revoked, forged, too old) leaves the queue
   * and is counted; a network or server failure stops the round.  Only
   * this account's confirmations: another officer's, made on this device
   * before, wait for their own officer (the passage is recorded under
   * the account that sends it). */
  function flush() {
    if (flushing || !navigator.onLine) return flushing || Promise.resolve();
    var refused = 0, sent = 0;
    flushing = offline.queue.all().then(function (items) {
      items = items.filter(function (it) { return it.uid === uid; });
      items.sort(function (a, b) { return a.scanned_at < b.scanned_at ? -1 : 1; });
      return items.reduce(function (chain, item) {
        return chain.then(function () {
          return post(new URLSearchParams(whom({ code: item.code,
            declarationId: item.declaration_id }, { direction: item.direction,
            device_ref: item.device_ref, scanned_at: item.scanned_at }))).then(function (r) {
            if (r.status === 200 || r.status === 201) sent++;
            else if (r.status === 400 || r.status === 409) refused++;
            else throw new Error(String(r.status));
            return offline.queue.remove(item.device_ref);
          });
        });
      }, Promise.resolve());
    }).catch(function () { /* the rest waits for the next round */ }).then(function () {
      flushing = null;
      if (sent || refused) {
        showFlash(say("sent") + ": " + sent + (refused ? " · " + refused + " " + say("refused") : ""));
        refreshToday();
      }
      return showQueue();
    });
    return flushing;
  }

  /* --------------------------------------------------- the day's list */

  function bump(direction) {
    var el = $("count-" + direction);
    if (el) el.textContent = String((Number(el.textContent) || 0) + 1);
  }

  function refreshToday() {
    if (!navigator.onLine || !kiosk.getAttribute("data-place")) return;
    fetch("/verify/today", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (t) {
        if (!t) return;
        ["in", "out", "visit"].forEach(function (k) {
          var el = $("count-" + k);
          if (el) el.textContent = String(t.counts[k]);
        });
        var list = $("last");
        list.textContent = "";
        t.last.forEach(function (p) {
          var row = document.createElement("div");
          row.className = "row" + (p.cancelled ? " cancelled" : "");
          [["t", p.at.slice(11, 16)], ["d", (W.directions || {})[p.direction] || p.direction],
           ["n", p.name]].forEach(function (c) {
            var s = document.createElement("span");
            s.className = c[0];
            s.textContent = c[1];
            row.appendChild(s);
            row.appendChild(document.createTextNode(" "));
          });
          if (p.cancelled) {
            var em = document.createElement("em");
            em.textContent = "(" + say("cancelled") + ")";
            row.appendChild(em);
          }
          if (p.undo) {
            var b = document.createElement("button");
            b.type = "button";
            b.className = "undo";
            b.textContent = say("undo");
            b.addEventListener("click", function () { undo(p.passage_id); });
            row.appendChild(b);
          }
          list.appendChild(row);
        });
      }, function () { /* kept as it was */ });
  }

  /* ------------------------------------------------------------ keys */

  var defaultDir = $("default-dir");
  function highlightDefault() {
    Array.prototype.forEach.call(confirmForm.querySelectorAll("button[name=direction]"), function (b) {
      b.classList.toggle("default", b.value === defaultDir.value);
    });
  }

  function directionOfKey(key) {
    var b = confirmForm.querySelector('button[data-key="' + key + '"]');
    return b ? b.value : null;
  }

  document.addEventListener("keydown", function (e) {
    var t = e.target, k = (e.key || "").toLowerCase();
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    var typing = t === codeInput && codeInput.value !== "";
    var resultUp = !result.hidden && shown;
    if (k === "escape") {
      e.preventDefault();
      nextPerson();
      return;
    }
    if (resultUp && !typing && (t === codeInput || t === document.body || t === confirmForm ||
        (t && t.tagName === "BUTTON"))) {
      var dir = k === "enter" ? (defaultDir.value || null) : directionOfKey(k);
      if (dir === "depot_check") {
        e.preventDefault();
        depotCheck();
        return;
      }
      if (dir && shown.valid) {
        e.preventDefault();
        confirmPassage(dir);
        return;
      }
    }
    /* A scanner types wherever the focus is: send its keys to the field. */
    if (t === codeInput || (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key && e.key.length === 1) {
      codeInput.value = "";
      codeInput.focus({ preventScroll: true });
    }
  });

  function nextPerson() {
    hideResult();
    if (scanner) scanner.forget();
    showError("");
    showFlash("");
    readyForNext();
  }

  /* ------------------------------------------------------------ wiring */

  var typedAt = null;
  codeInput.addEventListener("keydown", function (e) {
    if (e.key === "Enter") typedAt = performance.now();
  });
  $("code-form").addEventListener("submit", function (e) {
    e.preventDefault();
    handle(codeInput.value, typedAt);
    typedAt = null;
  });
  if (lookupForm) {
    lookupForm.addEventListener("submit", function (e) {
      e.preventDefault();
      var what = scannerLib.classify(lookupForm.elements.id_number.value);
      if (what.kind === "id_number") lookupId(what.id_number, null, performance.now());
      else showError(say("unreadable"));
      lookupForm.elements.id_number.value = "";
    });
  }
  confirmForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var b = e.submitter || document.activeElement;
    if (b && b.name === "direction") confirmPassage(b.value);
    else if (b && b.name === "action" && b.value === "depot_check") depotCheck();
  });
  $("next-person").addEventListener("click", function (e) {
    e.preventDefault();
    nextPerson();
  });
  flashUndo.addEventListener("click", function () {
    var id = flash.getAttribute("data-passage");
    if (id) undo(id);
  });
  $("last").addEventListener("submit", function (e) {
    e.preventDefault();
    undo(e.target.elements.passage_id.value);
  });
  $("shift").hidden = false;
  try { defaultDir.value = localStorage.getItem("kd-default-dir") || ""; } catch (e) { /* */ }
  defaultDir.addEventListener("change", function () {
    try { localStorage.setItem("kd-default-dir", defaultDir.value); } catch (e) { /* */ }
    highlightDefault();
  });

  var scanner = scannerLib.attach({
    video: $("cam"), box: $("cam-box"), startButton: $("cam-start"),
    stopButton: $("cam-stop"), status: $("cam-status"), remember: "kd-camera",
    words: { starting: say("camera_starting"), ready: say("camera_ready"),
             failed: say("camera_failed") },
    onText: handle
  });

  window.addEventListener("online", function () { setNetwork(true); offline.refresh().catch(function () {}); flush(); });
  window.addEventListener("offline", function () { setNetwork(false); });
  setInterval(function () {
    if (navigator.onLine) { flush(); offline.refresh().catch(function () {}); }
  }, 60000);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/kiosk-sw.js", { scope: "/verify" }).catch(function () {});
  }
  window.kdKiosk = { flush: flush, queue: offline.queue };

  /* A result rendered by the server (no-JS path, or a reload): keep it. */
  if (!result.hidden && (confirmForm.elements.code.value || confirmForm.elements.declaration_id.value)) {
    shown = { code: confirmForm.elements.code.value || null,
      declarationId: confirmForm.elements.declaration_id.value || null,
      valid: !!confirmForm.querySelector("button[name=direction]") &&
      !result.querySelector('[data-box="dirs"]').hidden, offline: false, scannedAt: new Date() };
    kiosk.classList.add("has-result");
  }
  setNetwork(navigator.onLine);
  if (navigator.onLine) {
    offline.refresh().catch(function () {});
    flush();
    refreshToday();
  }
  readyForNext();
})();
