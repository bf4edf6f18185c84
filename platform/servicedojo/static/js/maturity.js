// Maturity pages: show autosave errors in place, copy the invitation link, print the report.
(function () {
  "use strict";
  // htmx does not swap 4xx answers by default; the server sends a short, clear message we want to show.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status >= 400 && status < 500 && event.detail.target && event.detail.target.classList.contains("sd-save-status")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    var target = event.detail.target;
    if (target && target.classList.contains("sd-save-status")) {
      target.textContent = "Not saved: check your connection, then use “Save answers”.";
      target.classList.add("text-danger");
    }
  });
  document.querySelectorAll("[data-sd-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.querySelector(button.getAttribute("data-sd-copy"));
      if (!input) { return; }
      input.select();
      var done = function () { button.textContent = "Copied"; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
  document.querySelectorAll("[data-sd-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
