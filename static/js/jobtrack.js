// Small progressive enhancements shared by every page. Served from static/ (CSP: no inline JS).
(function () {
  "use strict";
  // Pre-fill empty timezone fields with the browser's own timezone.
  document.querySelectorAll("[data-browser-timezone]").forEach(function (field) {
    if (field.dataset.browserTimezone === "fill" || !field.value || field.value === "UTC") {
      try {
        var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (zone && Array.prototype.some.call(field.options || [], function (o) { return o.value === zone; })) {
          field.value = zone;
        }
      } catch (e) { /* keep the server's default */ }
    }
  });
  // Confirm before destructive actions marked with data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
})();
