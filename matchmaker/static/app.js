// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";

  // Show a block only while a radio group or select has the named value.
  function bindToggle(attribute, selector) {
    document.querySelectorAll("[" + attribute + "]").forEach(function (block) {
      var wanted = block.getAttribute(attribute);
      var form = block.closest("form");
      var inputs = form ? form.querySelectorAll(selector) : [];
      function update() {
        var value = "";
        inputs.forEach(function (input) {
          if (input.type === "radio") { if (input.checked) { value = input.value; } }
          else { value = input.value; }
        });
        block.hidden = value !== wanted;
      }
      inputs.forEach(function (input) { input.addEventListener("change", update); });
      update();
    });
  }

  // A "select all" button for the checkboxes of one name in its form (hidden without JS).
  function bindCheckAll() {
    document.querySelectorAll("[data-check-all]").forEach(function (button) {
      var form = button.closest("form");
      var name = button.getAttribute("data-check-all");
      button.hidden = false;
      button.addEventListener("click", function () {
        var boxes = form.querySelectorAll("input[type=checkbox][name='" + name + "']");
        var all = Array.prototype.every.call(boxes, function (box) { return box.checked; });
        boxes.forEach(function (box) { box.checked = !all; });
      });
    });
  }

  // A filter select that applies itself when changed (its button stays for no-JS use).
  function bindAutosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  // A form that takes a while (a big upload) says so and cannot be sent twice.
  function bindBusy() {
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          button.disabled = true;
          button.textContent = form.getAttribute("data-busy");
        });
        form.setAttribute("aria-busy", "true");
      });
    });
  }

  // The phone's menu button unfolds the top menu (without JS its link shows it by :target).
  function bindMenu() {
    document.querySelectorAll("[data-toggle-menu]").forEach(function (button) {
      var menu = document.getElementById(button.getAttribute("data-toggle-menu"));
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var open = menu.classList.toggle("show");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
  }

  // A menu heading opens its list (without JS it leads to the section's main page);
  // a click elsewhere or Escape closes it.
  function bindDropdowns() {
    var toggles = document.querySelectorAll("[data-dropdown]");
    function close(except) {
      toggles.forEach(function (toggle) {
        if (toggle === except) { return; }
        toggle.setAttribute("aria-expanded", "false");
        toggle.nextElementSibling.classList.remove("show");
      });
    }
    toggles.forEach(function (toggle) {
      toggle.addEventListener("click", function (event) {
        event.preventDefault();
        close(toggle);
        var open = toggle.nextElementSibling.classList.toggle("show");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest("[data-dropdown], .dropdown-menu")) { close(null); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(null); }
    });
  }

  // The offline page's "try again" reloads the page that failed (without JS: home).
  function bindReload() {
    document.querySelectorAll("[data-reload]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        window.location.reload();
      });
    });
  }

  // A table that scrolls sideways can be reached and scrolled by keyboard, and is named
  // after its caption or the heading above it.
  function bindScrollingTables() {
    document.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth) { return; }
      var caption = box.querySelector("caption");
      var heading = null;
      for (var node = box.previousElementSibling; node && !heading; node = node.previousElementSibling) {
        if (/^H[1-6]$/.test(node.tagName)) { heading = node; }
      }
      var name = (caption || heading || document.querySelector("h1") || {}).textContent || document.title;
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name.trim());
    });
  }

  // An import's progress page asks for its state every second and shows it; once the
  // import ends (or its worker is lost) the page reloads to show the result. Without JS
  // the page refreshes itself.
  function bindImportProgress() {
    var box = document.querySelector("[data-import-progress]");
    if (!box) { return; }
    var message = box.querySelector("[data-import-message]");
    var bar = box.querySelector("[data-import-bar]");
    function poll() {
      fetch(box.getAttribute("data-import-progress"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!state) { window.setTimeout(poll, 5000); return; }
          if (state.finished || state.lost) { window.location.reload(); return; }
          message.textContent = state.message;
          bar.max = state.rows_total || 1;
          bar.value = state.rows_total ? state.rows_done : 0;
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 500);
  }

  // Installable and usable offline: the service worker keeps the shell and static files.
  function registerServiceWorker() {
    if ("serviceWorker" in navigator && window.isSecureContext) {
      navigator.serviceWorker.register("/service-worker.js", { scope: "/" }).catch(function () {});
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    bindMenu();
    bindDropdowns();
    bindReload();
    bindImportProgress();
    bindScrollingTables();
    registerServiceWorker();
    bindBusy();
    bindAutosubmit();
    bindCheckAll();
    bindToggle("data-show-for-role", "input[name=role]");
    bindToggle("data-show-for-company", "select[name=company]");
  });
})();
