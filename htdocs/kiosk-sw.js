/*
 * kiosk-sw.js - the kiosk's service worker (scope /verify): the kiosk
 * page loads without a network after the first visit.
 *
 * The page itself (GET /verify without a query) goes to the network first
 * and falls back to its last copy after 4 seconds or when the network is
 * down; its static files (styles, scripts, vendored libraries, manifest,
 * icons) come from the cache at once and are refreshed behind it.  Every
 * other request (the look-ups, the confirmations, the lists) is the
 * page's business: kiosk.js checks codes offline itself and queues the
 * confirmations.  A new VERSION empties the old cache.
 */
"use strict";

var VERSION = "kd-kiosk-4";
var PAGE = "/verify";
var FILES = [
  "/css/site.css", "/css/kiosk.css", "/js/kiosk.js", "/js/scanner.js",
  "/js/kiosk-offline.js", "/js/kiosk-ed25519.js", "/vendor/jsQR.js",
  "/vendor/noble-ed25519.js",
  "/kiosk.webmanifest", "/icons/kiosk-192.png", "/icons/kiosk-512.png"
];

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(VERSION).then(function (c) {
    return Promise.all(FILES.concat([PAGE]).map(function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (res) {
        if (res.ok && !res.redirected) return c.put(url, res);
      }).catch(function () { /* fetched again on use */ });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== VERSION; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(url, res) {
  if (res.ok && !res.redirected) {
    var copy = res.clone();
    caches.open(VERSION).then(function (c) { return c.put(url, copy); });
  }
  return res;
}

/* The network within ms, else the cached copy (if any). */
function networkFirst(req, url, ms) {
  var cached = caches.match(url);
  var network = fetch(req).then(function (res) { return keep(url, res); });
  var late = new Promise(function (resolve) {
    setTimeout(function () { cached.then(function (c) { if (c) resolve(c); }); }, ms);
  });
  return Promise.race([network, late]).catch(function () {
    return cached.then(function (c) { return c || network; });
  });
}

/* The cached copy at once, refreshed behind it. */
function cacheFirst(req, url) {
  var network = fetch(req).then(function (res) { return keep(url, res); });
  return caches.match(url).then(function (c) {
    if (c) { network.catch(function () {}); return c; }
    return network;
  });
}

self.addEventListener("fetch", function (e) {
  var url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === PAGE && url.search === "" && e.request.mode === "navigate") {
    e.respondWith(networkFirst(e.request, PAGE, 4000));
  } else if (FILES.indexOf(url.pathname) >= 0) {
    e.respondWith(cacheFirst(e.request, url.pathname));
  }
});
