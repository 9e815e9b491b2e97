// The intake table: after a visit is saved, clear the search and put the cursor
// back in it for the next person. Everything else is htmx attributes.
document.addEventListener("htmx:afterSettle", () => {
  const form = document.getElementById("intake-form");
  if (!form || form.dataset.saved !== "yes") return;
  form.dataset.saved = "done";
  const search = document.getElementById("visitor-search");
  const results = document.getElementById("search-results");
  if (results) results.replaceChildren();
  if (search) {
    search.value = "";
    search.focus();
  }
});

// Bad wifi: the visit was not sent. Say so; the form keeps everything typed, and the
// same submission key makes a second tap safe even if the first did arrive.
function showOffline(event) {
  const notice = document.getElementById("intake-offline");
  if (notice && event.detail.elt && event.detail.elt.closest("#intake-form")) notice.hidden = false;
}
document.addEventListener("htmx:sendError", showOffline);
document.addEventListener("htmx:responseError", showOffline);
document.addEventListener("htmx:beforeRequest", () => {
  const notice = document.getElementById("intake-offline");
  if (notice) notice.hidden = true;
});
