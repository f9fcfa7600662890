/* Small comforts for the letter composer; every page works without this file.
   Enter in the address book's search box runs the search instead of saving the draft. */
(function () {
  "use strict";
  document.querySelectorAll("[data-enter-clicks]").forEach(function (input) {
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") {
        return;
      }
      var button = document.getElementById(input.getAttribute("data-enter-clicks"));
      if (button) {
        event.preventDefault();
        button.click();
      }
    });
  });
  /* Ask before discarding a draft. */
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
})();
