// Behaviours every page may use, declared in the markup (the Content Security Policy allows no
// inline script or event handler attribute):
//   data-confirm="…"   on a form or a submit button: ask before submitting
//   data-autosubmit    on a select: submit its form when the choice changes
//   data-print         on a button: print the page
//   data-busy          on a form: on submit, disable [data-busy-button] and show [data-busy-indicator]
//   data-style-fields  on a form: give its inputs Bootstrap's classes (forms rendered by Django)
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const button = event.submitter;
    const question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute("data-busy")) {
      form.querySelectorAll("[data-busy-button]").forEach(function (b) { b.disabled = true; });
      form.querySelectorAll("[data-busy-indicator]").forEach(function (i) { i.classList.remove("d-none"); });
    }
  });
  document.addEventListener("change", function (event) {
    const select = event.target;
    if (select.matches && select.matches("select[data-autosubmit]") && select.form) select.form.submit();
  });
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
  document.querySelectorAll("form[data-style-fields]").forEach(function (form) {
    form.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (el) {
      el.classList.add(el.tagName === "SELECT" ? "form-select" : "form-control");
    });
  });
})();
