// Small progressive enhancements shared by every page. Served from static/ (CSP: no inline JS).
(function () {
  "use strict";
  // A page shown again after a refused post (a letter's Finish with something to fix):
  // the address bar shows the page's own address, so a reload or a shared link opens the
  // editor rather than posting again. The typed text stays on the page (and in
  // draft_keeper's copy), so nothing is lost either way.
  var address = document.body.dataset.pageAddress;
  if (address && window.history && window.history.replaceState) {
    window.history.replaceState(window.history.state, "", address);
  }
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
  // A search box above a time zone list: typing hides the zones that do not match and
  // picks the first that does. Without JS the list is a plain grouped select.
  document.querySelectorAll("select[data-zone-search]").forEach(function (select) {
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control mb-2";
    search.placeholder = "Search, e.g. Berlin or New York";
    search.setAttribute("aria-label", "Search time zones");
    search.setAttribute("aria-controls", select.id);
    search.dataset.zoneSearchBox = "";
    select.parentNode.insertBefore(search, select);
    var normal = function (text) { return text.toLowerCase().replace(/_/g, " "); };
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
    search.addEventListener("input", function () {
      var words = normal(search.value).split(/[\s\/]+/).filter(Boolean);
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var text = normal(option.value + " " + option.text);
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        option.hidden = !match;
        if (match && !first) { first = option; }
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (first && words.length) { select.value = first.value; }
    });
  });
  // Confirm before destructive actions marked with data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
  // A block marked data-shown-when="name=value" shows while that radio choice is made.
  // Without JS it is always shown, so what it holds can always be filled in.
  document.querySelectorAll("[data-shown-when]").forEach(function (block) {
    var form = block.closest("form");
    var rule = block.dataset.shownWhen.split("=");
    if (!form || rule.length !== 2) { return; }
    var radios = Array.prototype.filter.call(form.elements, function (field) {
      return field.type === "radio" && field.name === rule[0];
    });
    var update = function () {
      block.hidden = !radios.some(function (r) { return r.checked && r.value === rule[1]; });
    };
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  });
  // The two Bootstrap behaviours the pages use, without its 80 KB script bundle: the menu
  // button of the navigation bar on narrow screens, and closing a message.
  document.querySelectorAll("[data-bs-toggle='collapse']").forEach(function (button) {
    var target = document.querySelector(button.dataset.bsTarget);
    if (!target) { return; }
    button.addEventListener("click", function () {
      var open = target.classList.toggle("show");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  document.querySelectorAll("[data-bs-dismiss='alert']").forEach(function (button) {
    button.addEventListener("click", function () {
      var message = button.closest(".alert");
      if (message) { message.remove(); }
    });
  });
})();
