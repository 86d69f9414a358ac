// Keeps what is typed in a form marked data-keep-draft="<key>" in this browser until the
// server confirms the save, and offers it back when the form is opened again after a
// failure (an error page, a dropped connection, a closed tab).
// - Stored in localStorage under "jobtrack:draft:<key>" (the key names the user and the
//   object), so it survives closing the tab; removed on Discard or once confirmed.
// - Confirmed: the page after the submit carries [data-save-confirmed] (a success message).
// - data-draft-unsaved marks a form re-shown with what was posted (errors): its fields
//   are not the saved text, so they are kept rather than taken as confirmation.
// - data-keep-draft-add="<selector>": a button that adds rows (people) when the draft
//   has more of them than the page.
// - data-draft-skip on a field: not kept (a confirmation asked by the page after a post).
// Without JavaScript the forms work as before; this only adds the safety net.
(function () {
  "use strict";
  var PREFIX = "jobtrack:draft:";
  var PENDING = "jobtrack:draft-pending";
  var MAX_ADDS = 20;
  var store, tabStore;
  try {
    store = window.localStorage;
    tabStore = window.sessionStorage;
    store.getItem(PREFIX);
  } catch (error) {
    return;  // storage blocked: the form still works, without the net
  }

  // 1. The page after a submit: a confirmation clears the draft that was being saved.
  var pending = tabStore.getItem(PENDING);
  if (pending) {
    tabStore.removeItem(PENDING);
    if (document.querySelector("[data-save-confirmed]")) {
      store.removeItem(PREFIX + pending);
    }
  }

  var form = document.querySelector("form[data-keep-draft]");
  if (!form) { return; }
  var name = form.dataset.keepDraft;
  var key = PREFIX + name;
  var unsavedPage = form.hasAttribute("data-draft-unsaved");

  function kept(element) {
    if (!element.name || element.disabled || element.name === "csrfmiddlewaretoken") { return false; }
    // An answer to the page's own question ("Yes, the date is right") belongs to that save.
    if (element.hasAttribute("data-draft-skip")) { return false; }
    var type = (element.type || "").toLowerCase();
    if (["submit", "button", "reset", "file", "password"].indexOf(type) !== -1) { return false; }
    // Hidden inputs are the page's own state (revision, formset counts), not typing.
    return type !== "hidden";
  }

  function snapshot() {
    var values = {};
    var checks = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) { return; }
      var type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        checks[element.name + "=" + element.value] = element.checked;
      } else if (element.tagName !== "SELECT" || !element.multiple) {
        values[element.name] = element.value;
      }
    });
    return { values: values, checks: checks };
  }

  function same(a, b) {
    return JSON.stringify(a.values) === JSON.stringify(b.values) &&
      JSON.stringify(a.checks) === JSON.stringify(b.checks);
  }

  function load() {
    try {
      var draft = JSON.parse(store.getItem(key) || "null");
      return draft && draft.values ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function save(state) {
    state.savedAt = Date.now();
    try { store.setItem(key, JSON.stringify(state)); } catch (error) { /* full: keep going */ }
  }

  function fire(element) {
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function missing(draft) {
    return Object.keys(draft.values).some(function (field) { return !form.elements.namedItem(field); });
  }

  function apply(draft) {
    var add = form.dataset.keepDraftAdd && document.querySelector(form.dataset.keepDraftAdd);
    for (var i = 0; add && i < MAX_ADDS && missing(draft); i++) { add.click(); }
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) { return; }
      var type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        var check = draft.checks[element.name + "=" + element.value];
        if (check !== undefined && check !== element.checked) { element.checked = check; fire(element); }
      } else if (Object.prototype.hasOwnProperty.call(draft.values, element.name) &&
                 draft.values[element.name] !== element.value) {
        element.value = draft.values[element.name];
        fire(element);
      }
    });
  }

  function offer(draft) {
    var box = document.createElement("div");
    box.className = "alert alert-warning d-flex flex-wrap align-items-center gap-2 draft-offer";
    box.setAttribute("role", "status");
    box.dataset.draftOffer = "";
    var text = document.createElement("span");
    text.className = "me-auto";
    var when = new Date(draft.savedAt || Date.now());
    text.textContent = "What you typed here on " + when.toLocaleString([], {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit"
    }) + " was not saved. Bring it back?";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "btn btn-sm btn-primary";
    restore.textContent = "Restore what I typed";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = "Discard it";
    restore.addEventListener("click", function () {
      apply(draft);
      box.remove();
      save(snapshot());
      var first = form.querySelector("textarea, input:not([type=hidden])");
      if (first) { first.focus(); }
    });
    discard.addEventListener("click", function () {
      store.removeItem(key);
      box.remove();
    });
    var actions = document.createElement("span");
    actions.className = "d-flex flex-wrap gap-2";
    actions.appendChild(restore);
    actions.appendChild(discard);
    box.appendChild(text);
    box.appendChild(actions);
    form.parentNode.insertBefore(box, form);
  }

  // 2. On opening: what is on the page now; a different draft kept from before is offered.
  var initial = snapshot();
  var draft = load();
  if (unsavedPage) {
    // Re-shown after an error: the page holds the typing; keep it until confirmed.
    if (!draft || same(draft, initial)) { save(initial); } else { offer(draft); }
  } else if (draft) {
    if (same(draft, initial)) { store.removeItem(key); } else { offer(draft); }
  }

  // 3. Typing is kept as it happens; a submit waits for the next page to confirm it.
  function remember() {
    var state = snapshot();
    if (!unsavedPage && same(state, initial)) {
      if (!document.querySelector("[data-draft-offer]")) { store.removeItem(key); }
      return;
    }
    save(state);
  }
  form.addEventListener("input", remember);
  form.addEventListener("change", remember);
  form.addEventListener("submit", function () {
    remember();
    tabStore.setItem(PENDING, name);
  });
})();
