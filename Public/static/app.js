// Nothing typed is lost. A long form (marked data-draft) is kept on this phone as it is filled,
// with its one-time key, until the server confirms it saved it: a reload, Back, a lost connection
// or an ended session leaves the form as it was. The page that opens after a save names the key
// (?saved=…), and only then is the draft let go. Sending the kept form again is harmless: the
// server answers a key it has seen with what it saved the first time.
// Without this script every page works the same, one page at a time.
(function () {
  var userMeta = document.querySelector("meta[name='ishc-user']");
  var user = userMeta ? userMeta.getAttribute("content") : "";
  var prefix = "ishc-draft:" + user + ":";
  var dayMs = 24 * 3600 * 1000;

  function storage() { try { return window.localStorage; } catch (e) { return null; } }
  var store = storage();

  function allDrafts() {
    var out = [];
    if (!store) return out;
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k && k.indexOf("ishc-draft:") === 0) out.push(k);
    }
    return out;
  }
  function read(k) {
    try { return JSON.parse(store.getItem(k)); } catch (e) { return null; }
  }

  // The page after a save: let go of the draft that carried this key, and drafts past 30 days.
  var params = new URLSearchParams(window.location.search);
  var saved = params.get("saved");
  if (store) {
    allDrafts().forEach(function (k) {
      var d = read(k);
      if (!d || (saved && d.fields && d.fields.once === saved) || (d.at && Date.now() - d.at > 30 * dayMs)) {
        store.removeItem(k);
      }
    });
  }
  if (saved && window.history && window.history.replaceState) {
    params.delete("saved");
    params.delete("again");
    var q = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (q ? "?" + q : "") + window.location.hash);
  }

  // After logging in again: the form sent when the session had ended goes by itself, once.
  var resume = document.getElementById("resume-form");
  if (resume && !resume.getAttribute("data-sent")) {
    resume.setAttribute("data-sent", "1");
    resume.submit();
  }

  function fieldsOf(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf" || el.type === "submit" || el.type === "button" || el.type === "file") return;
      if (el.type === "checkbox" && el.name.slice(-2) === "[]") {
        data[el.name] = data[el.name] || [];
        if (el.checked) data[el.name].push(el.value);
      } else if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) data[el.name] = el.value;
        else if (!(el.name in data)) data[el.name] = "";
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function fill(form, data) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.name === "csrf" || el.type === "submit" || el.type === "button" || el.type === "file") return;
      var v = data[el.name];
      if (el.type === "checkbox" && Array.isArray(v)) el.checked = v.indexOf(el.value) >= 0;
      else if (el.type === "checkbox" || el.type === "radio") el.checked = v === el.value;
      else if (v !== undefined && v !== null) el.value = v;
    });
  }

  function clock(ms) {
    var d = new Date(ms);
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return two(d.getHours()) + ":" + two(d.getMinutes()) + " " + two(d.getDate()) + "/" + two(d.getMonth() + 1);
  }

  // For the outbox (outbox.js): how a form's fields are read, and the key the server just saved.
  window.IshcForms = { fieldsOf: fieldsOf, saved: saved };

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    if (!store) return;
    var key = prefix + form.getAttribute("data-draft");
    var lang = document.documentElement.getAttribute("lang") === "en" ? "en" : "vi";
    var words = {
      vi: {
        restored: "Đã điền lại bản nháp lưu trên máy này lúc ",
        sent: "Mẫu này đã được gửi lúc {0} nhưng chưa nhận được trả lời của máy chủ. Bấm nút lưu để gửi lại: nếu đã lưu rồi, sẽ không ghi thêm.",
        drop: "Xóa bản nháp, điền lại từ đầu"
      },
      en: {
        restored: "Filled in again from the draft kept on this phone at ",
        sent: "This form was sent at {0} but no answer came from the server. Tap save to send it again: if it was saved, nothing more is written.",
        drop: "Drop the draft and start again"
      }
    }[lang];

    function save(sent) {
      var d = read(key) || {};
      var now = Date.now();
      try {
        store.setItem(key, JSON.stringify({ at: now, sentAt: sent ? now : (d.sentAt || null), fields: fieldsOf(form) }));
      } catch (e) { /* storage full or off */ }
    }

    var draft = read(key);
    // A form the server sent back with its errors shows what was sent; keep that.
    if (draft && draft.fields && !form.querySelector(".has-error") && !document.querySelector(".error-summary")) {
      fill(form, draft.fields);
      var note = document.createElement("div");
      note.className = "notice draft-note";
      note.setAttribute("role", "status");
      var p = document.createElement("p");
      p.textContent = draft.sentAt ? words.sent.replace("{0}", clock(draft.sentAt)) : words.restored + clock(draft.at) + ".";
      note.appendChild(p);
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "secondary";
      drop.textContent = words.drop;
      drop.addEventListener("click", function () {
        store.removeItem(key);
        window.location.reload();
      });
      note.appendChild(drop);
      form.parentNode.insertBefore(note, form);
      form.dispatchEvent(new Event("draft-restored"));
    } else if (draft && draft.fields && draft.fields.once) {
      // Keep the key of what may already have been saved, so sending again cannot write twice.
      var once = form.querySelector("input[name='once']");
      if (once) once.value = draft.fields.once;
    }

    form.addEventListener("input", function () { save(false); });
    form.addEventListener("change", function () { save(false); });
    form.addEventListener("submit", function () { save(true); });
  });
})();
