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
