// The meeting form, improved: "all" and "none" tick without a round trip, the count follows the
// ticks, and a half-filled form is kept on this phone until it is saved (a lost connection or a
// reload loses nothing). Without this script the form works the same, one page at a time.
(function () {
  var form = document.querySelector("form.meeting-form");
  if (!form) return;
  var key = "ishc-draft:" + form.getAttribute("data-draft");
  var boxes = function () { return form.querySelectorAll("input[name='attended[]']"); };
  var count = form.querySelector(".attend-n");
  function recount() {
    var n = 0;
    boxes().forEach(function (b) { if (b.checked) n++; });
    if (count) count.textContent = String(n);
  }
  function save() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf" || el.name === "pick") return;
      if (el.type === "checkbox") {
        data[el.name] = data[el.name] || [];
        if (el.checked) data[el.name].push(el.value);
      } else { data[el.name] = el.value; }
    });
    try { localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full or off */ }
  }
  function restore() {
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { return; }
    if (!raw || form.querySelector(".has-error")) return;
    var data;
    try { data = JSON.parse(raw); } catch (e) { return; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in data) || el.name === "csrf") return;
      if (el.type === "checkbox") el.checked = data[el.name].indexOf(el.value) >= 0;
      else if (el.type !== "submit") el.value = data[el.name];
    });
  }
  form.querySelectorAll("button[name=pick]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var all = button.value === "all";
      boxes().forEach(function (b) { b.checked = all; });
      recount();
      save();
    });
  });
  form.addEventListener("change", function () { recount(); save(); });
  form.addEventListener("input", save);
  form.addEventListener("submit", function () { try { localStorage.removeItem(key); } catch (e) {} });
  restore();
  recount();
})();
