// Submits the EMREX hand-over form (answer to a client, or request to a contact point) as soon
// as the page is shown. Without JavaScript the visible button does the same.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) {
    form.submit();
  }
});
