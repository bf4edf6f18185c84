// Service Dojo's page behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // Send the CSRF token with every htmx request.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector('meta[name="csrf-token"]');
    if (token) { event.detail.headers["X-CSRFToken"] = token.content; }
  });
})();
