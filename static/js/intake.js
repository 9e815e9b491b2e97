// The intake table. Everything that talks to the server is htmx attributes; this file
// only moves the focus and the screen to where the volunteer is looking.

// A volunteer's choice to keep "More about this person" open, per volunteer on this device.
function foldKey(form) {
  return `wcc.intake.more.${form.dataset.foldKey || ""}`;
}

function applyRememberedFolds(form) {
  const more = form.querySelector("details[data-remember]");
  if (!more) return;
  if (!more.open && localStorage.getItem(foldKey(form)) === "open") more.open = true;
  more.addEventListener("toggle", () => {
    localStorage.setItem(foldKey(form), more.open ? "open" : "closed");
  });
}

// A failed save: open the fold that holds the first problem and put the cursor in it,
// so the reason beside Save and the field it names are both in view.
function focusFirstProblem(form) {
  const conflict = form.querySelector(".error-summary table");
  const invalid = form.querySelector(".field--invalid");
  if (conflict) {
    const summary = conflict.closest(".error-summary");
    summary.tabIndex = -1;
    summary.focus();
    return true;
  }
  if (!invalid) return false;
  const fold = invalid.closest("details");
  if (fold) fold.open = true;
  const control = invalid.querySelector("input:not([type=hidden]), select, textarea");
  if (control) control.focus();
  invalid.scrollIntoView({ block: "center" });
  return true;
}

function settleForm(form) {
  applyRememberedFolds(form);
  if (form.dataset.saved === "yes") {
    form.dataset.saved = "done";
    const search = document.getElementById("visitor-search");
    const results = document.getElementById("search-results");
    if (results) results.replaceChildren();
    if (search) {
      search.value = "";
      search.focus();
    }
    return;
  }
  if (focusFirstProblem(form)) return;
  // A returning visitor picked from the results: bring the form to the top of the
  // screen, so the needs and the Save bar pinned below them are in view.
  if (form.dataset.picked === "yes") {
    form.dataset.picked = "done";
    form.scrollIntoView({ block: "start" });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("intake-form");
  if (!form) return;
  applyRememberedFolds(form);
  focusFirstProblem(form);
});

// The event fires on each swapped-in element.
document.addEventListener("htmx:afterSettle", (event) => {
  if (event.target.id !== "intake-form") return;
  settleForm(event.target);
});

// Bad wifi: the visit was not sent. Say so beside Save; the form keeps everything typed,
// and the same submission key makes a second tap safe even if the first did arrive.
// A search that cannot reach the server says so and shows nobody, rather than the last
// answer (which could invite a duplicate visitor).
function showFailure(event) {
  const elt = event.detail.elt;
  if (!elt) return;
  if (elt.closest("#intake-form")) {
    const notice = document.getElementById("intake-offline");
    if (notice) notice.hidden = false;
  }
  if (elt.id === "visitor-search" || elt.closest(".search-form")) {
    const results = document.getElementById("search-results");
    const offline = document.getElementById("search-offline");
    if (results) results.replaceChildren();
    if (offline) offline.hidden = false;
  }
}
document.addEventListener("htmx:sendError", showFailure);
document.addEventListener("htmx:responseError", showFailure);
document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail.elt;
  if (!elt) return;
  if (elt.closest("#intake-form")) {
    const notice = document.getElementById("intake-offline");
    if (notice) notice.hidden = true;
  }
  if (elt.id === "visitor-search") {
    const offline = document.getElementById("search-offline");
    if (offline) offline.hidden = true;
  }
});
