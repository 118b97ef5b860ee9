// The selection page works without JavaScript (the all/none links reload the page; a chosen
// programme takes its parts on the server). This adds the same behaviour without reloading.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var boxes = Array.prototype.slice.call(
    document.querySelectorAll("input[name=result], input[name=degree]")
  );
  document.querySelectorAll("[data-select]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var on = link.getAttribute("data-select") === "all";
      boxes.forEach(function (box) { box.checked = on; });
    });
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      var item = box.closest("li");
      item.querySelectorAll("input[name=result]").forEach(function (part) {
        part.checked = box.checked;
      });
      if (!box.checked) {
        var parent = item.parentElement.closest("li");
        while (parent) {
          var own = parent.querySelector("input[name=result]");
          if (own) { own.checked = false; }
          parent = parent.parentElement.closest("li");
        }
      }
    });
  });
});
