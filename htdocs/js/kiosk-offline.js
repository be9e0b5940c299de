/*
 * kiosk-offline.js - what the kiosk needs when the network is gone.
 *
 *   kdOffline.refresh()        online: fetch the public keys (/qr/pubkey)
 *                              and the revocations since the last time
 *                              (/verify/revoked?since=) into localStorage
 *   kdOffline.check(code)      Promise of {reason, declaration_id, expires}
 *                              checked in the browser: the token's format
 *                              and key id, its Ed25519 signature
 *                              (@noble/ed25519, js/kiosk-ed25519.js), its
 *                              expiry and the cached revocations; reason
 *                              null when it passes, else "bad_signature",
 *                              "expired", "revoked", or "no_keys" (never
 *                              online since installed)
 *   kdOffline.queue            confirmations waiting in IndexedDB, each
 *                              with its device_ref: add(item), all(),
 *                              remove(device_ref), count()
 *   kdOffline.deviceRef()      a fresh random device_ref
 *
 * The token (lib/token.h): base64url of 76 bytes, version 1 | key id |
 * declaration id (6 bytes, big-endian) | expiry (4, Unix seconds) |
 * Ed25519 signature of the first 12 bytes with the key named by key id.
 */
(function () {
  "use strict";

  var KEYS = "kd-pubkeys", REVOKED = "kd-revoked";
  var TTL_MS = 72 * 3600 * 1000;       /* a code lives 72 hours */
  var OVERLAP_MS = 5 * 60 * 1000;      /* re-ask a little of the last window */

  function b64url(s) {
    var b = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - s.length % 4) % 4));
    var out = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
    return out;
  }

  function load(key, empty) {
    try { return JSON.parse(localStorage.getItem(key)) || empty; } catch (e) { return empty; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full */ }
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) throw new Error(url + " " + res.status);
        return res.json();
      });
  }

  /* The revocations: {until, ids: {declaration_id: when learned (ms)}};
   * an id learned more than 72 h ago belongs to an expired code. */
  function refresh() {
    var keys = getJSON("/qr/pubkey").then(function (body) {
      var map = {};
      (body.keys || []).forEach(function (k) { map[k.kid] = k.public_key; });
      save(KEYS, map);
    });
    var old = load(REVOKED, { until: null, ids: {} });
    var since = old.until ? new Date(Date.parse(old.until) - OVERLAP_MS).toISOString() : "";
    var revoked = getJSON("/verify/revoked" + (since ? "?since=" + encodeURIComponent(since) : ""))
      .then(function (body) {
        var now = Date.now(), ids = {};
        Object.keys(old.ids).forEach(function (id) {
          if (now - old.ids[id] < TTL_MS) ids[id] = old.ids[id];
        });
        body.revoked.forEach(function (id) { if (!ids[id]) ids[id] = now; });
        save(REVOKED, { until: body.until, ids: ids });
      });
    return Promise.all([keys, revoked]);
  }

  function signed(bin, keys) {
    if (!window.kdEd25519) return Promise.resolve(false);
    return window.kdEd25519.verify(bin.subarray(12), bin.subarray(0, 12), b64url(keys[bin[1]]))
      .catch(function () { return false; });
  }

  function check(code, now) {
    now = now || Date.now();
    var keys = load(KEYS, {});
    if (!Object.keys(keys).length) return Promise.resolve({ reason: "no_keys" });
    var bin;
    try { bin = b64url(code); } catch (e) { return Promise.resolve({ reason: "bad_signature" }); }
    if (code.length !== 102 || bin.length !== 76 || bin[0] !== 1 || !keys[bin[1]]) {
      return Promise.resolve({ reason: "bad_signature" });
    }
    return signed(bin, keys).then(function (ok) {
      if (!ok) return { reason: "bad_signature" };
      var id = 0, exp = 0, i;
      for (i = 2; i < 8; i++) id = id * 256 + bin[i];
      for (i = 8; i < 12; i++) exp = exp * 256 + bin[i];
      var found = { declaration_id: id, expires: new Date(exp * 1000) };
      found.reason = exp * 1000 <= now ? "expired" :
        load(REVOKED, { ids: {} }).ids[id] ? "revoked" : null;
      return found;
    });
  }

  /* ------------------------------------------------------- the queue */

  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var open = indexedDB.open("kd-kiosk", 1);
        open.onupgradeneeded = function () {
          open.result.createObjectStore("queue", { keyPath: "device_ref" });
        };
        open.onsuccess = function () { resolve(open.result); };
        open.onerror = function () { reject(open.error); };
      });
    }
    return dbPromise;
  }
  function store(mode, fn) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction("queue", mode), req = fn(tx.objectStore("queue"));
        tx.oncomplete = function () { resolve(req && req.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  var queue = {
    add: function (item) { return store("readwrite", function (s) { return s.put(item); }); },
    all: function () { return store("readonly", function (s) { return s.getAll(); }); },
    remove: function (ref) { return store("readwrite", function (s) { return s.delete(ref); }); },
    count: function () { return store("readonly", function (s) { return s.count(); }); }
  };

  function deviceRef() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return btoa(String.fromCharCode.apply(null, b))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  window.kdOffline = { refresh: refresh, check: check, queue: queue, deviceRef: deviceRef };
})();
