// Site-wide behaviour. Loaded with defer after dkfds.min.js and htmx, so the DOM is parsed and both
// libraries are present. No inline scripts anywhere: the content-security policy forbids them.
"use strict";

if (window.DKFDS) {
  window.DKFDS.init();
}

// A background job's fragment (alliance/_job.html) polls itself until it is finished. When the done
// state arrives, tell the page once, so that parts listening for "job-done" (hx-trigger="job-done
// from:body", e.g. a list of document versions) can reload.
document.body.addEventListener("htmx:afterSettle", () => {
  document.querySelectorAll('[data-job-state="done"]:not([data-job-announced])').forEach((el) => {
    el.setAttribute("data-job-announced", "");
    document.body.dispatchEvent(new CustomEvent("job-done", { bubbles: true }));
  });
});

// Tables wider than their place (.table--responsive-scroll) say so above themselves: the hint is
// in the page (translated) and shown only when the table really overflows, also after a resize.
function markScrollableTables() {
  document.querySelectorAll(".table--responsive-scroll").forEach((scroller) => {
    const hint = scroller.previousElementSibling;
    if (hint && hint.classList.contains("table-scroll-hint")) {
      hint.hidden = scroller.scrollWidth <= scroller.clientWidth + 1;
    }
  });
}
markScrollableTables();
window.addEventListener("resize", markScrollableTables);
document.body.addEventListener("htmx:afterSettle", markScrollableTables);
