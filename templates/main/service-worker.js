/* Mitra Bekasi service worker {{ version }} (served by main.service_worker at /service-worker.js).
   Keeps the shell (offline page, CSS, JS, icons) and every fingerprinted static file; pages
   always come from the network, since they carry personal data and must be current, and
   when the network fails a page shows the offline page instead. */
"use strict";

var CACHE = "mitra-{{ version }}";
var OFFLINE = {{ kept[0]|tojson }};
var SHELL = {{ kept|tojson }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("mitra-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(OFFLINE);
    }));
    return;
  }
  // A fingerprinted static file never changes: the kept copy is the right one.
  if (url.pathname.indexOf("/static/") !== -1 && url.searchParams.has("v")) {
    event.respondWith(caches.match(request).then(function (kept) {
      return kept || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
  }
});
