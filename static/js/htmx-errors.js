// An htmx request that failed (the server answered 4xx/5xx, or the network did not
// answer) says so where the person is looking: in an alert just after the form or
// element that sent it, or at the top of the page if that element is gone. The words
// come translated from the page (base.html: <body data-htmx-error data-htmx-offline>).
// A form with data-htmx-errors="own" shows its own notice (the intake form, intake.js).
(function () {
  function anchorOf(elt) {
    if (!elt || !elt.isConnected) return null;
    if (elt.closest("[data-htmx-errors=own]")) return undefined;
    return elt.closest("form") || elt;
  }

  function show(event, text) {
    const anchor = anchorOf(event.detail.elt);
    if (anchor === undefined || !text) return;
    let region;
    if (anchor) {
      region = anchor.nextElementSibling;
      if (!region || !region.classList.contains("htmx-error")) {
        region = document.createElement("p");
        anchor.after(region);
      }
    } else {
      region = document.getElementById("htmx-error-page");
      if (!region) {
        region = document.createElement("p");
        region.id = "htmx-error-page";
        (document.getElementById("main") || document.body).prepend(region);
      }
    }
    region.className = "message message--error htmx-error";
    region.setAttribute("role", "alert");
    region.textContent = text;
  }

  document.addEventListener("htmx:responseError", (event) => {
    show(event, document.body.dataset.htmxError);
  });
  document.addEventListener("htmx:sendError", (event) => {
    show(event, document.body.dataset.htmxOffline);
  });
  // A later request from the same place that worked: the old alert goes.
  document.addEventListener("htmx:afterRequest", (event) => {
    const anchor = anchorOf(event.detail.elt);
    if (!event.detail.successful || !anchor) return;
    const region = anchor.nextElementSibling;
    if (region && region.classList.contains("htmx-error")) region.remove();
  });
})();
