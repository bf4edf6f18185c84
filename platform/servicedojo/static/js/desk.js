// Desk behaviour: hide/show the running score (remembered on this device), show errors from htmx.
(function () {
  "use strict";
  var STORE = "servicedojo.desk.scoreHidden";

  function applyScore() {
    var button = document.getElementById("score-toggle");
    var score = document.getElementById("running-score");
    if (!button || !score) { return; }
    var hidden = window.localStorage.getItem(STORE) === "1";
    score.hidden = hidden;
    button.setAttribute("aria-pressed", hidden ? "true" : "false");
    button.textContent = hidden ? "Show score" : "Hide score";
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("#score-toggle") : null;
    if (!button) { return; }
    var hidden = window.localStorage.getItem(STORE) === "1";
    window.localStorage.setItem(STORE, hidden ? "0" : "1");
    applyScore();
  });

  // The server answers a rejected action with 400/409 and the desk re-rendered with the message: show it.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.body.addEventListener("htmx:afterSwap", function () {
    applyScore();
    var error = document.getElementById("desk-error");
    if (error) { error.setAttribute("tabindex", "-1"); error.focus(); }
  });

  applyScore();
})();
