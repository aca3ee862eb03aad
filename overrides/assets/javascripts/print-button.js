/*
 * "Print this issue" on a newsletter issue's page (peerdir/render/outputs/newsletter.py): the button
 * marked data-print-page prints the page, as the browser's own Print does (print.css lays it out).
 *
 * Here rather than in an onclick attribute: the pages' Content Security Policy runs no script written
 * in the page's markup (peerdir/content_policy.py), and an inline handler is one.
 */
(function () {
  "use strict";
  document.querySelectorAll("[data-print-page]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
