// Question bank behaviour: exam timer, keyboard shortcuts, htmx error display. No inline scripts (CSP).
(function () {
  "use strict";

  // Show refusals (time up, forged answers) in the status area instead of dropping them.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status >= 400 && status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.body.addEventListener("htmx:sendError", function () {
    var target = document.getElementById("save-status");
    if (target) { target.textContent = "Could not reach the server: your last answer is not saved yet. Check your connection and choose it again."; }
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var timeUp = event.detail.target.querySelector("[data-time-up]");
    if (timeUp) {
      document.querySelectorAll("[data-exam] input").forEach(function (input) { input.disabled = true; });
      window.setTimeout(function () { window.location.assign(timeUp.getAttribute("data-time-up")); }, 4000);
    }
  });

  // Server-kept timer: the page counts down from the seconds the server said were left.
  var timer = document.getElementById("exam-timer");
  if (timer) {
    var value = document.getElementById("exam-timer-value");
    var announce = document.getElementById("exam-timer-announce");
    var end = Date.now() + parseInt(timer.getAttribute("data-seconds-left"), 10) * 1000;
    var announced = {};
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      value.textContent = minutes + ":" + String(left % 60).padStart(2, "0");
      if (left <= 300) { timer.classList.add("is-low"); }
      [10, 5, 1].forEach(function (mark) {
        if (minutes < mark && !announced[mark] && left > 0) {
          announced[mark] = true;
          announce.textContent = "Less than " + mark + " minute" + (mark === 1 ? "" : "s") + " left.";
        }
      });
      if (left <= 0) {
        window.clearInterval(handle);
        window.location.assign(timer.getAttribute("data-expired-url"));
      }
    };
    var handle = window.setInterval(tick, 1000);
    tick();
  }

  // Keyboard: 1–4 choose an option (or a rating button), Enter goes on.
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.altKey || event.ctrlKey || event.metaKey || tag === "textarea" || tag === "select" ||
        (tag === "input" && event.target.type === "text")) { return; }
    if (/^[1-9]$/.test(event.key)) {
      var rate = document.querySelector('button.sd-rate[data-key="' + event.key + '"]');
      if (rate) { event.preventDefault(); rate.click(); return; }
      var input = document.querySelector('[data-shortcuts] input[data-key="' + event.key + '"]');
      if (input) {
        event.preventDefault();
        input.checked = input.type === "checkbox" ? !input.checked : true;
        input.focus();
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    } else if (event.key === "Enter" && tag !== "button" && tag !== "a" && tag !== "summary") {
      var go = document.querySelector("[data-enter]");
      var field = event.target;
      if (tag === "input" && field.form) {
        // Enter on a chosen option: the form's own "go on" button. Native implicit submission
        // would press the form's first submit button, which in the exam is "Previous".
        var own = field.form.querySelector("[data-enter]");
        if (own && (field.type === "radio" || field.type === "checkbox")) { event.preventDefault(); own.click(); }
        return; // otherwise Enter in a form field submits that form natively
      }
      if (go) { event.preventDefault(); go.click(); }
    }
  });
})();
