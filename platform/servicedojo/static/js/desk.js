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

  // Triage: show the priority the matrix gives (and its SLA targets) as impact and urgency change.
  function showPriority(form) {
    var box = form.querySelector("[data-matrix]");
    var output = form.querySelector("#f-priority");
    var note = form.querySelector("#f-priority-note");
    if (!box || !output) { return; }
    var matrix = JSON.parse(box.getAttribute("data-matrix"));
    var impact = parseInt(form.querySelector("#f-impact").value, 10);
    var urgency = parseInt(form.querySelector("#f-urgency").value, 10);
    var strong = document.createElement("strong");
    var text = "";
    var cells = document.querySelectorAll("#desk [data-cell]");
    for (var i = 0; i < cells.length; i++) { cells[i].classList.remove("is-current"); }
    if (impact && urgency) {
      var priority = matrix.priorities[impact - 1][urgency - 1];
      var label = matrix.labels[priority - 1];
      strong.textContent = label;
      var sla = matrix.sla[String(priority)];
      if (sla) { text = "respond within " + sla[0] + ", resolve within " + sla[1]; }
      var saved = box.getAttribute("data-saved");
      if (label !== saved) { text += (text ? "; " : "") + "not saved yet"; }
      var cell = document.querySelector('#desk [data-cell="' + impact + "-" + urgency + '"]');
      if (cell) { cell.classList.add("is-current"); }
    } else {
      strong.textContent = "choose impact and urgency";
    }
    output.replaceChildren(strong);
    if (note) { note.textContent = text ? "(" + text + ")" : ""; }
  }

  function initTriage() {
    var form = document.querySelector("#desk form.desk-triage");
    if (form) { showPriority(form); }
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest ? event.target.closest("form.desk-triage") : null;
    if (form && (event.target.id === "f-impact" || event.target.id === "f-urgency")) { showPriority(form); }
  });

  // Keyboard users keep their place: after the desk is swapped, focus returns to the control they
  // used (same id, or the same action's button), else to the ticket heading.
  var lastFocus = null;
  document.body.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    if (!active || active === document.body) { lastFocus = null; return; }
    var form = active.closest ? active.closest("form[data-desk-action]") : null;
    lastFocus = { id: active.id, action: form ? form.getAttribute("data-desk-action") : null };
  });

  function restoreFocus() {
    if (!lastFocus) { return; }
    var target = lastFocus.id ? document.getElementById(lastFocus.id) : null;
    if (!target && lastFocus.action) {
      target = document.querySelector('#desk form[data-desk-action="' + lastFocus.action + '"] button[type="submit"]');
    }
    if (!target) {
      target = document.getElementById("ticket-heading");
      if (target) { target.setAttribute("tabindex", "-1"); }
    }
    if (target) { target.focus(); }
    lastFocus = null;
  }

  document.body.addEventListener("htmx:afterSwap", function () {
    applyScore();
    initTriage();
    var error = document.getElementById("desk-error");
    if (error) { error.setAttribute("tabindex", "-1"); error.focus(); lastFocus = null; return; }
    restoreFocus();
  });

  applyScore();
  initTriage();
})();
