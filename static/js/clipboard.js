// "Copy letter" buttons: copy the text of the element named by data-copy-source.
// Served from static/ because the CSP forbids inline scripts.
(function () {
  "use strict";
  if (window.jobtrackClipboard) { return; } // the tag may appear more than once per page
  window.jobtrackClipboard = true;

  function copyWithSelection(text) {
    // Fallback for pages outside a secure context, where navigator.clipboard is missing.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "clipboard-offscreen";
      document.body.appendChild(area);
      area.select();
      try {
        if (document.execCommand("copy")) { resolve(); } else { reject(new Error("refused")); }
      } catch (error) {
        reject(error);
      } finally {
        document.body.removeChild(area);
      }
    });
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyWithSelection(text); });
    }
    return copyWithSelection(text);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-source]");
    if (!button) { return; }
    var source = document.getElementById(button.dataset.copySource);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!source) { return; }
    copy(source.textContent).then(function () {
      if (status) { status.textContent = "Copied. Paste it into your email."; status.classList.remove("text-danger"); }
    }, function () {
      if (status) { status.textContent = "Could not copy here: download the text file instead."; status.classList.add("text-danger"); }
    });
  });
})();
