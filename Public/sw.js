// The phone's copy of the pages a club's board works from, and its outbox.
// - Static files: from the phone's copy, refreshed from the server.
// - Pages the server marks "X-ISHC-Offline: keep" (the club page, members, fund, home care and the
//   forms for a meeting, money, a new member, a home visit; never health checks): fetched from
//   the server when there is a connection and kept in the cache of the user logged in (the page
//   names it, outbox.js); without a connection, the kept copy, marked as such.
// - A form sent without a connection: the outbox item outbox.js made for it is marked to be sent
//   (by the API, with its one-time key) and the form's page opens again from the phone's copy.
importScripts("/static/outbox.js");

var STATIC = "ishc-static-3";
var STATIC_FILES = ["/static/app.css", "/static/app.js", "/static/outbox.js", "/static/meeting.js", "/static/icon.svg", "/offline.html"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (c) { return c.addAll(STATIC_FILES); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("ishc-static-") === 0 && n !== STATIC; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

// The cache of the user logged in on this phone: the only "ishc-pages:" cache there is.
function pagesCache() {
  return caches.keys().then(function (names) {
    var name = names.filter(function (n) { return n.indexOf("ishc-pages:") === 0; })[0];
    return name ? caches.open(name) : null;
  });
}

function markedCopy(response) {
  var when = (response.headers.get("Date") || "kept").replace(/"/g, "");
  return response.text().then(function (html) {
    return new Response(html.replace("<html", "<html data-offline-copy=\"" + when + "\""), {
      status: 200, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }
    });
  });
}

function page(request) {
  return fetch(request).then(function (response) {
    if (response.ok && response.headers.get("X-ISHC-Offline") === "keep") {
      var copy = response.clone();
      pagesCache().then(function (cache) { if (cache) cache.put(request.url, copy); });
    }
    return response;
  }).catch(function () {
    return pagesCache().then(function (cache) { return cache ? cache.match(request.url, { ignoreSearch: true }) : null; })
      .then(function (kept) {
        if (kept) return markedCopy(kept);
        return caches.match("/offline.html");
      });
  });
}

function post(event) {
  var request = event.request;
  var body = request.clone().text();
  return fetch(request).catch(function () {
    // No connection: the outbox item made when the form was sent goes by the API later.
    return body.then(function (text) {
      var once = new URLSearchParams(text).get("once");
      return once ? IshcOutbox.markQueued(once) : null;
    }).then(function () {
      if (self.registration.sync) self.registration.sync.register("ishc-outbox").catch(function () {});
      var back = request.referrer && new URL(request.referrer).origin === self.location.origin ? request.referrer : "/offline.html";
      return Response.redirect(back, 303);
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) return;
  if (request.method === "POST" && request.mode === "navigate") { event.respondWith(post(event)); return; }
  if (request.method !== "GET") return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.open(STATIC).then(function (cache) {
      return cache.match(request, { ignoreSearch: true }).then(function (kept) {
        var fresh = fetch(request).then(function (response) {
          if (response.ok) cache.put(request, response.clone());
          return response;
        });
        return kept || fresh;
      });
    }));
    return;
  }
  if (request.mode === "navigate" || request.headers.get("X-ISHC-Ahead") === "1") event.respondWith(page(request));
});

// Background Sync: the outbox goes when the connection returns, even with no page open.
self.addEventListener("sync", function (event) {
  if (event.tag === "ishc-outbox") event.waitUntil(IshcOutbox.sendAll());
});
