// Officials' pages: the printable report's print button, and the hint on tables that are
// wider than their box. Progressive enhancement only: without this file the print hint
// stays and tables still scroll.
(function () {
  "use strict";

  function bindPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-print-hint]").forEach(function (hint) { hint.hidden = true; });
  }

  // "Swipe to see more columns", only while the table overflows its box.
  function bindScrollHints() {
    var boxes = document.querySelectorAll("[data-scroll-hint]");
    function update() {
      boxes.forEach(function (box) {
        var scroller = box.querySelector(".table-responsive");
        var hint = box.querySelector(".table-scroll-hint");
        if (scroller && hint) { hint.hidden = scroller.scrollWidth <= scroller.clientWidth + 1; }
      });
    }
    update();
    window.addEventListener("resize", update);
    window.addEventListener("load", update);
  }

  document.addEventListener("DOMContentLoaded", function () {
    bindPrint();
    bindScrollHints();
  });
})();
