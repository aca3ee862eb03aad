/*
 * "Leave this site": the button in the "Need help now?" bar, or Escape pressed twice quickly,
 * swaps the page for an ordinary one (mkdocs.yml, `extra: help_now: leave_url:`), for someone
 * who needs this site off their screen at once.
 *
 * location.replace() takes the place of this page in the tab's history, so Back does not come
 * straight back here. Pages visited before it stay in the history: the privacy page says how
 * to clear them. Without JavaScript the button is an ordinary link to the same page.
 *
 * The listeners sit on the window and read the address from whichever bar is on the page now,
 * so they keep working if the theme's instant navigation (off in mkdocs.yml) ever swaps the page.
 */
(function () {
  "use strict";

  if (window.peerdirQuickExit) return;
  window.peerdirQuickExit = true;

  const ESCAPE_TWICE_WITHIN_MS = 1000;
  let lastEscape = -Infinity;

  function leave(url) {
    // Nothing of the page stays on screen while the other site loads.
    document.documentElement.style.visibility = "hidden";
    window.location.replace(url);
  }

  function exitLink() {
    return document.querySelector("a[data-quick-exit]");
  }

  // The capture phase runs before the theme (or anything else) sees the click.
  window.addEventListener("click", function (event) {
    const link = event.target instanceof Element ? event.target.closest("a[data-quick-exit]") : null;
    if (!link || event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    leave(link.href);
  }, true);

  window.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.repeat) return;
    const link = exitLink();
    if (link && event.timeStamp - lastEscape < ESCAPE_TWICE_WITHIN_MS) {
      leave(link.href);
      return;
    }
    lastEscape = event.timeStamp;
  }, true);

  // Coming back with the Back button to a copy the browser kept: show the page again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.documentElement.style.visibility = "";
  });
})();
