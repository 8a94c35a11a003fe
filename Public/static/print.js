// Shows the page's print button and prints when it is pressed. Without this script the
// page says how to print from the browser's menu.
(function () {
  document.querySelectorAll(".print-button").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
