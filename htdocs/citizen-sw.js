/*
 * citizen-sw.js - the citizen's service worker, registered by js/qr.js
 * for two scopes only: /qr/ (a code's page and images) and /declare (a
 * family's page).  It keeps what it is asked to keep: a QR page, its
 * images, a family's page and the style they need, network first, and
 * answers from its cache when the network fails, so a code seen once
 * opens at a checkpoint without signal.  Nothing else is cached (not the
 * form, not the find page: POST answers with personal data never are).
 * The kiosk (/verify) has a service worker of its own.
 */
'use strict';

var CACHE = 'kd-citizen-v1';
var MAX_ENTRIES = 120;
var KEEP = [
  /^\/qr\/[A-Za-z0-9_-]+(\.label\.png|\.png)?$/,
  /^\/declare\/household\/[A-Za-z0-9_-]+$/,
  /^\/css\/site\.css$/,
  /^\/js\/qr\.js$/
];

function kept(path) {
  var i;
  for (i = 0; i < KEEP.length; i++) {
    if (KEEP[i].test(path)) {
      return true;
    }
  }
  return false;
}

/* The oldest entries go first once the cache is full (codes last 72 h). */
function trim(cache) {
  return cache.keys().then(function (keys) {
    var i, gone = [];
    for (i = 0; i + MAX_ENTRIES < keys.length; i++) {
      gone.push(cache['delete'](keys[i]));
    }
    return Promise.all(gone);
  });
}

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);

  if (request.method !== 'GET' || url.origin !== self.location.origin ||
      !kept(url.pathname)) {
    return;
  }
  event.respondWith(fetch(request).then(function (response) {
    var copy;
    if (response.ok) {
      copy = response.clone();
      caches.open(CACHE).then(function (cache) {
        return cache.put(url.pathname, copy).then(function () {
          return trim(cache);
        });
      });
    }
    return response;
  })['catch'](function () {
    return caches.match(url.pathname).then(function (hit) {
      return hit || Response.error();
    });
  }));
});
