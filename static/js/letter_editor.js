// The letter editor: re-checks the text on the server as the user types.
// The rules live on the server only; this file just posts the form (with its CSRF token)
// to letters:checklist and swaps in the returned fragment. Without JS the page still
// shows the checklist for the saved text.
(function () {
  "use strict";
  var form = document.querySelector("form[data-checklist-url]");
  var target = document.getElementById("letter-checklist");
  if (!form || !target || !window.fetch) { return; }

  var url = form.dataset.checklistUrl;
  var saveState = document.getElementById("save-state");
  var DELAY_MS = 400;
  var timer = null;
  var controller = null;
  var latest = 0;
  var dirty = false;
  var lastHtml = target.innerHTML.trim();

  function refresh() {
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    var request = ++latest;
    target.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error("checklist " + response.status); }
      return response.text();
    }).then(function (html) {
      if (request !== latest) { return; }  // an older answer arriving late
      html = html.trim();
      // Swap only when something changed, so screen readers hear changes, not noise.
      if (html !== lastHtml) {
        target.innerHTML = html;
        lastHtml = html;
        var count = target.querySelector("[data-checklist-count]");
        var copy = document.querySelector("[data-checklist-count-copy]");
        if (count && copy) { copy.textContent = count.textContent; }
      }
      target.removeAttribute("aria-busy");
    }).catch(function (error) {
      if (error.name === "AbortError") { return; }
      target.removeAttribute("aria-busy");  // keep the last good checklist
    });
  }

  // The letter grows with its text, so it reads as a page rather than a scroll box.
  var body = form.querySelector("textarea");
  function grow() {
    if (!body) { return; }
    var scrollY = window.scrollY;  // collapsing to "auto" must not make the page jump
    body.style.height = "auto";
    body.style.height = (body.scrollHeight + 2) + "px";
    window.scrollTo(window.scrollX, scrollY);
  }
  grow();
  window.addEventListener("resize", grow);

  form.addEventListener("input", function (event) {
    if (event.target === body) { grow(); }
    if (!dirty && saveState) { saveState.textContent = "Unsaved changes"; }
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY_MS);
  });
  form.addEventListener("submit", function () {
    dirty = false;
    window.clearTimeout(timer);
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
