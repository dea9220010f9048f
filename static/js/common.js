// Behaviour every page shares, kept out of the templates so the Content-Security-Policy can forbid
// inline script: [data-autosubmit] submits its form on change; [data-confirm] asks before submitting.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var el = e.target.closest("[data-autosubmit]");
    if (el && el.form) el.form.submit();
  });
  document.addEventListener("click", function (e) {
    var el = e.target.closest("[data-confirm]");
    if (el && !window.confirm(el.dataset.confirm)) e.preventDefault();
  });
})();
