/*
 * Dates that stay right after the day the site was built.
 *
 * A page is built for one day and read for weeks. "Coming up" on the home page, the events page and
 * a group's "Next meetings" were worked out for the build's day; by the visitor's own clock, this
 * hides from them whatever has ended since, and shows in its place what the page carries for later.
 * The page says how (peerdir/render/parts/living_dates.py):
 *
 *   [data-living-dates]   a list to keep up to date; nothing outside one is touched (a newsletter's
 *                         diary stays as printed). data-shown="3": show only the first three left.
 *   [data-ends]           a row or item, gone from this moment on: the midnight after its last day in
 *                         its own time zone, with the offset (an event stays listed on its day).
 *   [data-living-group]   a month of the events page, or a list: hidden once all of its items are.
 *   [data-living-none]    the message for when nothing is left, hidden as built.
 *   [data-shown-from]     hidden as built, shown from this moment on: a group's "may be out of date"
 *                         notice, from the day its details are old enough (render/outputs/group_page.py).
 *
 * Without JavaScript, or with a clock that cannot be read, the page stays as built. It looks again
 * when the page comes back into view (a tab left open on a phone), never on a timer.
 */
(function () {
  "use strict";

  function keepUpToDate(list, now) {
    const shown = Number(list.dataset.shown) || Infinity;
    let left = 0;
    list.querySelectorAll("[data-ends]").forEach(function (item) {
      // A value that cannot be read (NaN) is never "over": the item stays as the build left it.
      if (Date.parse(item.dataset.ends) <= now) {
        item.hidden = true;
      } else {
        left += 1;
        item.hidden = left > shown;
      }
    });
    list.querySelectorAll("[data-living-group]").forEach(function (group) {
      group.hidden = !group.querySelector("[data-ends]:not([hidden])");
    });
    list.querySelectorAll("[data-living-none]").forEach(function (message) {
      message.hidden = left > 0;
    });
    list.querySelectorAll("[data-shown-from]").forEach(function (notice) {
      notice.hidden = !(Date.parse(notice.dataset.shownFrom) <= now);
    });
  }

  function keepAllUpToDate() {
    const now = Date.now();
    document.querySelectorAll("[data-living-dates]").forEach(function (list) {
      keepUpToDate(list, now);
    });
  }

  keepAllUpToDate();
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") keepAllUpToDate();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) keepAllUpToDate(); // back from the browser's back-forward cache
  });
})();
