// The "Copy" button of a text to copy: shown only when this script runs (without it the
// text box, selected on focus, is the plain-text way to copy). The button names its box
// in data-copy and says what happened in the element named by data-copy-status.
(function () {
  "use strict";
  function copy(button) {
    var box = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copyStatus);
    function done(ok) {
      status.textContent = ok ? button.dataset.copied : button.dataset.failed;
    }
    box.focus();
    box.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(function () { done(true); }, function () {
        done(document.execCommand("copy"));
      });
    } else {
      done(document.execCommand("copy"));
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    document.querySelectorAll("textarea[data-select-on-focus]").forEach(function (box) {
      box.addEventListener("focus", function () { box.select(); });
    });
  });
})();
