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

  document.addEventListener("DOMContentLoaded", function () {
    bindToggle("data-show-for-role", "input[name=role]");
    bindToggle("data-show-for-company", "select[name=company]");
  });
})();
