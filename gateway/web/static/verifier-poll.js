// Polls the presentation's status until the wallet answered, then shows the outcome.
// Without JavaScript, reloading /wallet/present/status/… shows the same JSON.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var status = document.getElementById("present-status");
  if (!status) {
    return;
  }
  var url = status.getAttribute("data-poll");
  function check() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (view) {
        if (view.pending) {
          window.setTimeout(check, 2000);
          return;
        }
        status.setAttribute("data-outcome", view.outcome);
        status.textContent = view.outcome === "verified" ? "✔ " + view.outcome : (view.message || view.reason);
        var next = status.getAttribute("data-next");
        if (view.outcome === "verified" && next) {
          window.location.assign(next);
        } else if (view.import_id) {
          window.location.assign("/client/imports/" + view.import_id);
        }
      })
      .catch(function () { window.setTimeout(check, 5000); });
  }
  window.setTimeout(check, 2000);
});
