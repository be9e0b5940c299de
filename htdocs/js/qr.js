/*
 * qr.js - the citizen's QR pages (/qr/<token>, a family's
 * /declare/household/<token>): the "In" (print) buttons, and keeping the
 * page for when there is no network.  The page puts itself, its images
 * and its style into the citizen's cache (Cache API) at once, so even the
 * first view is kept; the service worker (/citizen-sw.js, scoped to /qr/
 * and /declare) answers from that cache when the network fails.
 * No framework, ES5, no inline script (CSP script-src 'self').
 */
(function () {
  'use strict';

  var CACHE = 'kd-citizen-v1';
  var buttons = document.querySelectorAll('button.print');
  var i, urls, images;

  function print() {
    window.print();
  }

  if (window.print) {
    for (i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener('click', print);
    }
  }
  if (!('serviceWorker' in navigator) || !window.caches) {
    return;
  }
  navigator.serviceWorker.register('/citizen-sw.js', { scope: '/qr/' })['catch'](function () {});
  navigator.serviceWorker.register('/citizen-sw.js', { scope: '/declare' })['catch'](function () {});
  urls = [location.pathname, '/css/site.css', '/js/qr.js'];
  images = document.querySelectorAll('img[src^="/qr/"]');
  for (i = 0; i < images.length; i++) {
    urls.push(images[i].getAttribute('src'));
  }
  window.caches.open(CACHE).then(function (cache) {
    return cache.addAll(urls);
  })['catch'](function () {});
}());
