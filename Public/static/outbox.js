// The outbox: a write made on this phone without a connection is kept here (IndexedDB), with its
// one-time key, until the server has it. It is sent by the JSON API (/api/v1, with the session
// cookie and the form token) when the connection returns: by the service worker's Background Sync,
// or on the next page where that is missing. The server answers a key it has seen with what it
// saved the first time, so an item sent twice is written once. A form sent with a connection goes
// as a form; its item waits in case the answer is lost, and goes by the API if no page ever
// confirmed it. Every page works without this script.
// The same file runs in the page and in the service worker (sw.js).
(function (root) {
  var DB = "ishc-outbox", STORE = "items", STALE_MS = 20000, DAY_MS = 24 * 3600 * 1000;

  function db() {
    return new Promise(function (resolve, reject) {
      var r = indexedDB.open(DB, 1);
      r.onupgradeneeded = function () { r.result.createObjectStore(STORE, { keyPath: "once" }); };
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }
  function tx(mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var t = d.transaction(STORE, mode), result;
        var s = t.objectStore(STORE);
        result = work(s);
        t.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  function all() { return tx("readonly", function (s) { return s.getAll(); }); }
  function put(item) { return tx("readwrite", function (s) { s.put(item); }); }
  function remove(once) { return tx("readwrite", function (s) { s.delete(once); }); }
  function update(once, change) {
    return tx("readwrite", function (s) {
      var g = s.get(once);
      g.onsuccess = function () { if (g.result) { change(g.result); s.put(g.result); } };
    });
  }

  // What is still to be sent: waiting to go, or a form sent whose answer never came.
  function due(item, now) {
    return item.status === "queued" || (item.status === "sending" && now - item.at > STALE_MS);
  }

  function markQueued(once) { return update(once, function (i) { if (i.status === "sending") i.status = "queued"; }); }

  // A form sent while online may have reached the server: it goes again as the same form, which
  // the server answers, for a key it has seen, with the record it saved (…?saved=KEY).
  function sendForm(item) {
    var body = new URLSearchParams(item.form || "");
    body.set("csrf", item.csrf || "");
    return fetch(item.action, { method: "POST", credentials: "same-origin", body: body, redirect: "follow" }).then(function (response) {
      return response.text().then(function (html) {
        var saved = /[?&]saved=/.test(response.url);
        var summary = /class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html);
        return update(item.once, function (i) {
          i.tries = (i.tries || 0) + 1;
          if (saved) {
            i.status = "sent"; i.sentAt = Date.now(); i.location = response.url.replace(/[?].*$/, "");
            delete i.body; delete i.fields; delete i.form;
          } else if (/\/login/.test(response.url) || response.status === 401) {
            i.status = "waiting";
          } else if (response.status >= 500 || response.status === 429) {
            i.status = "queued";
          } else {
            i.status = "refused";
            i.detail = summary ? summary[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim() : "";
          }
        });
      });
    }, function () { return markQueued(item.once); });
  }

  function sendOne(item) {
    if (item.via === "form") return sendForm(item);
    return fetch(item.api, {
      method: "POST", credentials: "same-origin",
      headers: {
        "Content-Type": "application/json", "Accept": "application/json, application/problem+json",
        "Idempotency-Key": item.once, "X-CSRF-Token": item.csrf || ""
      },
      body: JSON.stringify(item.body)
    }).then(function (response) {
      return response.text().then(function (text) {
        var answer = {};
        try { answer = JSON.parse(text || "{}"); } catch (e) { answer = {}; }
        return update(item.once, function (i) {
          i.tries = (i.tries || 0) + 1;
          if (response.ok) {
            i.status = "sent"; i.sentAt = Date.now();
            i.location = answer.location || response.headers.get("Location") || i.page;
            delete i.body; delete i.fields; delete i.form; delete i.detail; delete i.errors;
          } else if (response.status === 401 || /form-token|login/.test(answer.type || "")) {
            i.status = "waiting"; i.detail = answer.detail || "";
          } else if (response.status >= 500 || response.status === 429) {
            i.status = "queued"; i.detail = answer.detail || "";
          } else {
            i.status = "refused"; i.detail = answer.detail || answer.title || ""; i.errors = answer.errors || [];
          }
        });
      });
    }, function () { return markQueued(item.once); });
  }

  var sending = null;
  // Sends every item due, one after another (a meeting before the repayments typed after it).
  function sendAll(user, csrf) {
    if (sending) return sending;
    var now = Date.now();
    sending = all().then(function (items) {
      var chain = Promise.resolve();
      items.sort(function (a, b) { return a.at - b.at; }).forEach(function (item) {
        if (user && item.user !== user) return;
        var ready = due(item, now) || (csrf && item.status === "waiting");
        if (!ready) return;
        if (csrf) item.csrf = csrf;
        chain = chain.then(function () { return put(item); }).then(function () { return sendOne(item); });
      });
      return chain;
    }).then(function () { sending = null; }, function () { sending = null; });
    return sending;
  }

  root.IshcOutbox = { all: all, put: put, remove: remove, update: update, markQueued: markQueued, sendAll: sendAll, due: due, DAY_MS: DAY_MS };
  if (typeof document === "undefined") return;

  // ---- The page ----
  var meta = function (n) { var m = document.querySelector("meta[name='" + n + "']"); return m ? m.getAttribute("content") : ""; };
  var user = meta("ishc-user"), csrf = meta("ishc-csrf");
  var vi = document.documentElement.getAttribute("lang") !== "en";
  var words = vi ? {
    pending: "Chưa gửi: {0} mục — sẽ tự gửi khi có mạng", kept: "Đã giữ trên máy này, chưa gửi: ",
    sent: "Đã gửi", open: "Xem", refused: "Máy chủ chưa nhận: ", fix: "Sửa và gửi lại",
    waiting: "Cần đăng nhập lại để gửi. Mục này vẫn được giữ trên máy.", copy: "Không có mạng: đây là bản lưu trên máy lúc {0}. Những gì bạn ghi sẽ được giữ lại và tự gửi khi có mạng.",
    at: "giữ trên máy lúc ", title: "Những mục ghi trên máy này"
  } : {
    pending: "Not sent: {0} — they go by themselves when there is a connection", kept: "Kept on this phone, not sent yet: ",
    sent: "Sent", open: "Open", refused: "The server did not take it: ", fix: "Correct and send again",
    waiting: "Log in again to send it. It stays on this phone.", copy: "No connection: this is the copy kept on this phone at {0}. What you record is kept and sent by itself when there is a connection.",
    at: "kept on this phone at ", title: "Records made on this phone"
  };
  function clock(ms) {
    var d = new Date(ms), two = function (n) { return (n < 10 ? "0" : "") + n; };
    return two(d.getHours()) + ":" + two(d.getMinutes()) + " " + two(d.getDate()) + "/" + two(d.getMonth() + 1);
  }
  function newKey() {
    var a = new Uint8Array(18); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // The phone keeps pages for the user logged in only: one cache, emptied when another logs in
  // or at logout; on the login page none is kept.
  var everyone = user === "*"; // the page shown offline for a page not kept (offline.html)
  var pagesReady = null;
  if ("caches" in window && !everyone && (user || document.querySelector("form[action='/login']"))) {
    var mine = user ? "ishc-pages:" + user : "";
    pagesReady = caches.keys().then(function (names) {
      names.forEach(function (n) { if (n.indexOf("ishc-pages:") === 0 && n !== mine) caches.delete(n); });
      if (mine) return caches.open(mine);
    });
  }
  var logout = document.querySelector("form[action='/logout']");
  if (logout && "caches" in window) {
    logout.addEventListener("submit", function () { caches.delete("ishc-pages:" + user); });
  }
  if (user && !everyone && "serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js").catch(function () {});

  // A page opened from the phone's copy: its forms get keys of their own, and it says so.
  var copied = document.documentElement.getAttribute("data-offline-copy");
  if (copied) {
    document.querySelectorAll("input[name='once']").forEach(function (el) { el.value = newKey(); });
  }

  // The club's pages fetched ahead, at most every ten minutes, so they open without signal.
  var ahead = meta("ishc-offline");
  if (ahead && !copied && navigator.onLine && navigator.serviceWorker && navigator.serviceWorker.controller && pagesReady) {
    var mark = "ishc-ahead:" + user, last = Number(localStorage.getItem(mark) || 0);
    if (Date.now() - last > 600000) {
      localStorage.setItem(mark, String(Date.now()));
      pagesReady.then(function () {
        ahead.split(" ").forEach(function (href) {
          if (href !== location.pathname) fetch(href, { credentials: "same-origin", headers: { "X-ISHC-Ahead": "1" } }).catch(function () {});
        });
      });
    }
  }

  // ---- What each form sends to the API ----
  function iso(v) {
    var m = /^\s*(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})\s*$/.exec(v || "");
    var two = function (n) { return (n.length < 2 ? "0" : "") + n; };
    return m ? m[3] + "-" + two(m[2]) + "-" + two(m[1]) : (v || "").trim();
  }
  function whole(v) { var s = (v || "").replace(/[\s.,]/g, ""); return /^\d+$/.test(s) ? Number(s) : (v || ""); }
  function some(o) { Object.keys(o).forEach(function (k) { if (o[k] === "" || o[k] === undefined || o[k] === null) delete o[k]; }); return o; }
  var bodies = {
    "meeting": function (f) {
      return some({ heldOn: iso(f.held_on), attended: f["attended[]"] || [], areas: (f["areas[]"] || []).map(Number), topics: f["topics[]"] || [], otherTopic: f.other_topic, notes: f.notes });
    },
    "fund-entry": function (f) {
      return some({ kind: f.kind, fund: f.kind === "spending" ? "" : f.fund, source: f.kind === "grant" ? f.source : "", amount: whole(f.amount), occurredOn: iso(f.occurred_on), description: f.description || "" });
    },
    "repayment": function (f) { return some({ amount: whole(f.amount), paidOn: iso(f.paid_on) }); },
    "member": function (f, form) {
      var flags = [];
      form.querySelectorAll("input[type=checkbox]").forEach(function (el) { if (el.name !== "consent" && el.checked) flags.push(el.name); });
      return some({ fullName: f.full_name, gender: f.gender, birth: iso(f.birth), ethnicity: f.ethnicity, village: f.village, phone: f.phone, joinedOn: f.joined_on ? iso(f.joined_on) : "", consent: !!f.consent, flags: flags });
    },
    "care-visit": function (f) {
      return some({ visitedOn: iso(f.visited_on), volunteer: f.volunteer, tasks: f["tasks[]"] || [], minutes: whole(f.minutes), notes: f.notes });
    }
  };
  function titleOf(form, f) {
    var h1 = document.querySelector("h1"), name = h1 ? h1.textContent : "";
    var detail = f.held_on || f.full_name || f.visited_on || (f.amount ? f.amount + " đ" : "") || "";
    return name + (detail ? " — " + detail : "");
  }

  document.querySelectorAll("form[data-outbox]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var kind = form.getAttribute("data-outbox");
      if (!user || !bodies[kind] || !window.IshcForms) return;
      if (event.submitter && event.submitter.name) return; // "tick all" and the like: a form of its own
      event.preventDefault();
      if (form.getAttribute("data-sending")) return; // a second tap
      form.setAttribute("data-sending", "1");
      var f = window.IshcForms.fieldsOf(form);
      var offline = navigator.onLine === false;
      var item = {
        once: f.once, user: user, kind: kind, title: titleOf(form, f), page: location.pathname + location.search,
        draft: form.getAttribute("data-draft"), api: form.getAttribute("data-api"), body: bodies[kind](f, form),
        action: form.action, via: offline ? "api" : "form", form: new URLSearchParams(new FormData(form)).toString(),
        fields: f, csrf: f.csrf || csrf, status: offline ? "queued" : "sending", at: Date.now()
      };
      put(item).catch(function () {}).then(function () {
        if (!offline) { HTMLFormElement.prototype.submit.call(form); return; }
        // Without a connection: kept here, the form emptied for the next one, the list shown.
        try { localStorage.removeItem("ishc-draft:" + user + ":" + item.draft); } catch (e) {}
        form.reset();
        form.removeAttribute("data-sending");
        var once = form.querySelector("input[name='once']");
        if (once) once.value = newKey();
        if (navigator.serviceWorker && navigator.serviceWorker.ready) {
          navigator.serviceWorker.ready.then(function (r) { if (r.sync) r.sync.register("ishc-outbox").catch(function () {}); });
        }
        show(words.kept + item.title).then(function () {
          var box = document.getElementById("outbox");
          if (box) { box.setAttribute("tabindex", "-1"); box.scrollIntoView(); box.focus(); }
        });
      });
    });
  });

  // ---- The list on every page ----
  function show(justKept) {
    return all().then(function (items) {
      items = items.filter(function (i) { return everyone || i.user === user; });
      var now = Date.now(), old = document.getElementById("outbox");
      if (old) old.parentNode.removeChild(old);
      var pending = items.filter(function (i) { return due(i, now) || i.status === "waiting"; });
      var shown = items.filter(function (i) { return i.status !== "sending" || due(i, now); });
      if (!shown.length && !justKept) return;
      var box = document.createElement("section");
      box.id = "outbox"; box.className = "notice outbox"; box.setAttribute("role", "status");
      box.setAttribute("aria-label", words.title);
      if (justKept) { var k = document.createElement("p"); k.textContent = justKept; box.appendChild(k); }
      if (pending.length) { var p = document.createElement("p"); p.className = "outbox-count"; p.textContent = words.pending.replace("{0}", pending.length); box.appendChild(p); }
      var list = document.createElement("ul");
      shown.sort(function (a, b) { return a.at - b.at; }).forEach(function (i) {
        var li = document.createElement("li"), what = document.createElement("span");
        li.setAttribute("data-status", i.status);
        what.textContent = i.title + ": ";
        li.appendChild(what);
        var state = document.createElement("span");
        if (i.status === "sent") {
          // The server has it: the draft that carried its key is let go too.
          try {
            var dk = "ishc-draft:" + user + ":" + i.draft, dd = JSON.parse(localStorage.getItem(dk) || "null");
            if (dd && dd.fields && dd.fields.once === i.once) localStorage.removeItem(dk);
          } catch (e) {}
          state.textContent = words.sent + " " + clock(i.sentAt) + ". ";
          li.appendChild(state);
          var a = document.createElement("a"); a.href = i.location; a.textContent = words.open; li.appendChild(a);
          if (!i.shown) update(i.once, function (x) { x.shown = now; });
          else if (now - i.shown > 5000) remove(i.once);
        } else if (i.status === "refused") {
          state.textContent = words.refused + (i.detail || "");
          li.appendChild(state);
          var fix = document.createElement("button");
          fix.type = "button"; fix.className = "secondary"; fix.textContent = words.fix;
          fix.addEventListener("click", function () {
            // The form again with what was typed, and the same key: a refused write kept nothing.
            try { localStorage.setItem("ishc-draft:" + user + ":" + i.draft, JSON.stringify({ at: i.at, sentAt: null, fields: i.fields })); } catch (e) {}
            remove(i.once).then(function () { location.href = i.page; });
          });
          li.appendChild(fix);
        } else if (i.status === "waiting") {
          state.textContent = words.waiting; li.appendChild(state);
        } else {
          state.textContent = words.at + clock(i.at); li.appendChild(state);
        }
        list.appendChild(li);
      });
      box.appendChild(list);
      var main = document.getElementById("main"), h1 = main && main.querySelector("h1");
      if (h1) h1.parentNode.insertBefore(box, h1.nextSibling);
      else if (main) main.insertBefore(box, main.firstChild);
    });
  }

  function sendAndShow() {
    if (navigator.onLine === false || !user || everyone) return show();
    return sendAll(user, copied ? "" : csrf).then(function () { return show(); });
  }

  // The page after a save names its key: that item is done. A form that came back with its
  // errors holds its key again: it is a draft on the page again, not an outbox item.
  var saved = window.IshcForms ? window.IshcForms.saved : new URLSearchParams(location.search).get("saved");
  var onPage = Array.prototype.map.call(document.querySelectorAll("input[name='once']"), function (el) { return el.value; });
  all().then(function (items) {
    var gone = items.filter(function (i) {
      return (saved && i.once === saved) || (i.status === "sending" && onPage.indexOf(i.once) >= 0) ||
        (i.status === "sent" && Date.now() - i.sentAt > DAY_MS);
    });
    return Promise.all(gone.map(function (i) { return remove(i.once); }));
  }).catch(function () {}).then(function () {
    if (copied) {
      var note = document.createElement("p");
      note.className = "notice offline-copy";
      note.textContent = words.copy.replace("{0}", clock(Date.parse(copied) || Date.now()));
      var main = document.getElementById("main");
      if (main) main.insertBefore(note, main.firstChild);
    }
    return sendAndShow();
  });
  window.addEventListener("online", function () {
    var note = document.querySelector(".offline-copy");
    if (note) note.parentNode.removeChild(note);
    sendAndShow();
  });
  window.addEventListener("offline", function () { show(); });
})(typeof self !== "undefined" ? self : this);
