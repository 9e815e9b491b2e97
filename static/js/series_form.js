// The series form shows only the fields its repeat needs: a field marked
// data-only-for="monthly" (which one in the month) shows for monthly repeats only, one
// marked "weekly" (every how many weeks) for weekly ones. Without this script every
// field shows, each with a hint saying which repeat it is for; the server asks only
// for the fields the chosen repeat needs either way.
(function () {
  "use strict";
  function sync(form) {
    var repeat = form.querySelector('[name="frequency"]');
    if (!repeat) { return; }
    form.querySelectorAll("[data-only-for]").forEach(function (input) {
      var field = input.closest(".field");
      if (field) { field.hidden = input.dataset.onlyFor !== repeat.value; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-series-form]").forEach(function (form) {
      sync(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "frequency") { sync(form); }
      });
    });
  });
})();
