// Forms marked data-form-guard: saved once, and not left by accident.
// - The submit button is disabled while the page saves ("Saving…"), so a second click
//   sends nothing; the server's one-time token covers the case without JavaScript.
// - Leaving the page with unsaved typing asks first (beforeunload), as the letter editor
//   does; a form shown again after errors counts as unsaved. Submitting never asks.
// - A link marked data-choose-new picks "a new application" in the menu in place.
(function () {
  "use strict";
  var form = document.querySelector("form[data-form-guard]");
  if (!form) { return; }
  var RETRY_MS = 20000;  // a request lost on the way: the button comes back to try again
  var dirty = form.hasAttribute("data-draft-unsaved");
  var submitting = false;
  var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
  var timer = null;

  function setBusy(busy) {
    submitting = busy;
    Array.prototype.forEach.call(buttons, function (button) {
      if (busy) {
        // Same width while saving: a second click must not land on what sits beside it.
        button.style.minWidth = button.offsetWidth + "px";
        button.dataset.idleText = button.textContent;
        if (button.dataset.savingText) { button.textContent = button.dataset.savingText; }
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      } else {
        if (button.dataset.idleText) { button.textContent = button.dataset.idleText; }
        button.disabled = false;
        button.removeAttribute("aria-busy");
      }
    });
  }

  function markDirty() { if (!submitting) { dirty = true; } }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);

  form.addEventListener("submit", function (event) {
    if (submitting) { event.preventDefault(); return; }
    dirty = false;
    // Disabled after this turn: the browser has already taken the form's data.
    window.setTimeout(function () { setBusy(true); }, 0);
    submitting = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { setBusy(false); }, RETRY_MS);
  });

  // Back to this page from the browser's cache: the button works again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.clearTimeout(timer); setBusy(false); }
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) { event.preventDefault(); event.returnValue = ""; }
  });

  var chooseNew = form.querySelector("[data-choose-new]");
  var menu = form.querySelector("select[name=application]");
  if (chooseNew && menu) {
    chooseNew.addEventListener("click", function (event) {
      event.preventDefault();
      menu.value = "";
      menu.dispatchEvent(new Event("change", { bubbles: true }));
      chooseNew.hidden = true;
      var company = form.querySelector("[name=new_company]");
      if (company) { company.focus(); }
    });
    menu.addEventListener("change", function () { chooseNew.hidden = !menu.value; });
  }
})();
