/*
 * The site's search: a dialog over the page, with results from Pagefind's index (written after each
 * build by peerdir/finishing/site_search.py into pagefind/).
 *
 * A phone on a weak signal should not pay for a search nobody makes: this small script only listens
 * for the search button and the keyboard shortcut (/, s or f, as in mkdocs-material). The dialog's
 * styles, Pagefind's script and the parts of its index a query needs are fetched once the search is
 * first opened.
 *
 * Text from the index is only ever set as text: a title as a text node, an excerpt rebuilt from its
 * text with only Pagefind's <mark> kept. Result links carry no search words (no ?highlight=).
 *
 * Loaded once per tab; instant navigation swaps the page under it, so the listeners sit on the
 * window and the dialog on <body>, which the theme keeps.
 */
(function () {
  "use strict";

  if (window.peerdirSearch) return;
  window.peerdirSearch = true;

  const script = document.currentScript;
  const root = new URL(script.dataset.siteRoot, window.location.href);
  const stylesUrl = new URL(script.dataset.styles, window.location.href).href;
  const SHORTCUTS = new Set(["/", "s", "f"]);
  const SHOWN_RESULTS = 10;
  const TYPING_PAUSE_MS = 100;

  const NOT_LOADED = "The search could not be loaded. Check your connection and try again.";
  // A preview opened from its folder (file://): a browser will not load Pagefind's files from disk.
  const FROM_DISK = window.location.protocol === "file:";
  const NOT_IN_PREVIEW = "The search works on the published site, not in a preview opened from a folder. " +
    "Use the menu, or the list of all groups from A to Z.";

  let dialog = null;
  let dialogMade = null; // the promise of the dialog, made once however often the search is opened
  let pagefind = null;
  let latestQuery = "";
  let opener = null; // what had the focus before the search opened: it gets it back on closing

  function loadStyles() {
    return new Promise(function (resolve) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = stylesUrl;
      link.onload = link.onerror = resolve; // without its styles the dialog still works
      document.head.appendChild(link);
    });
  }

  async function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async function (module) {
        // Result addresses are written from the site's root, which may be a sub-path. No worker: it
        // is one more script to fetch (12 KB gzip) for a search that takes milliseconds. Short pages
        // weigh little more than long ones (pageLength 0.2, Pagefind's default 0.75): a group's page,
        // with its contact details and schedule, comes before a short event page that names it.
        await module.options({
          baseUrl: root.pathname, excerptLength: 24, noWorker: true, ranking: { pageLength: 0.2 },
        });
        module.init();
        return module;
      });
    }
    return pagefind;
  }

  function element(name, attributes, children) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    for (const child of children || []) node.append(child);
    return node;
  }

  function buildDialog() {
    const input = element("input", {
      id: "site-search-input", class: "site-search__input", type: "search", autocomplete: "off",
      autocapitalize: "off", spellcheck: "false", enterkeyhint: "search",
      placeholder: "Search", "aria-controls": "site-search-results",
    });
    const close = element("button", { type: "button", class: "site-search__close" }, ["Close"]);
    const form = element("form", { class: "site-search__form", role: "search" }, [
      element("label", { for: "site-search-input", class: "site-search__label" }, ["Search the site"]),
      element("div", { class: "site-search__row" }, [input, close]),
    ]);
    const status = element("p", { class: "site-search__status", role: "status" });
    const list = element("ol", { id: "site-search-results", class: "site-search__results" });
    const box = element("dialog", { class: "site-search", "aria-label": "Search" }, [form, status, list]);
    form.addEventListener("submit", function (event) {
      event.preventDefault(); // Enter goes to the first result, as in the theme's search
      const first = list.querySelector("a");
      if (first) first.click();
    });
    input.addEventListener("input", function () { search(input.value); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") moveFocus(event, 0);
    });
    list.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        const links = [...list.querySelectorAll("a")];
        const at = links.indexOf(document.activeElement) + (event.key === "ArrowDown" ? 1 : -1);
        if (at < 0) { event.preventDefault(); input.focus(); } else moveFocus(event, at);
      }
    });
    close.addEventListener("click", function () { box.close(); });
    // A click on the backdrop (the dialog element itself, outside its content) closes it.
    box.addEventListener("click", function (event) {
      if (event.target === box) box.close();
      // Following a result: instant navigation keeps <body>, so the dialog closes itself.
      else if (event.target instanceof Element && event.target.closest(".site-search__results a")) box.close();
    });
    box.addEventListener("close", function () {
      if (opener && opener.isConnected && opener !== document.body) opener.focus();
      else if (box.contains(document.activeElement)) document.activeElement.blur();
    });
    document.body.appendChild(box);
    return box;
  }

  function moveFocus(event, index) {
    const links = dialog.querySelectorAll(".site-search__results a");
    if (!links[index]) return;
    event.preventDefault();
    links[index].focus();
  }

  async function open() {
    if (!dialogMade) dialogMade = loadStyles().then(function () { dialog = buildDialog(); });
    await dialogMade;
    if (dialog.open) return;
    opener = document.activeElement;
    dialog.showModal();
    const input = dialog.querySelector("input");
    input.focus();
    input.select();
    if (FROM_DISK) {
      say(NOT_IN_PREVIEW);
      return;
    }
    loadPagefind().catch(function () {
      say(NOT_LOADED);
      pagefind = null;
    });
  }

  function say(text) {
    dialog.querySelector(".site-search__status").textContent = text;
  }

  async function search(query) {
    latestQuery = query;
    const list = dialog.querySelector(".site-search__results");
    if (FROM_DISK || !query.trim()) {
      list.replaceChildren();
      list.dataset.query = query;
      say(FROM_DISK ? NOT_IN_PREVIEW : "");
      return;
    }
    let found;
    try {
      const module = await loadPagefind();
      found = await module.debouncedSearch(query, {}, TYPING_PAUSE_MS);
    } catch (error) {
      say(NOT_LOADED);
      pagefind = null;
      return;
    }
    if (found === null || query !== latestQuery) return; // a later keystroke has its own search
    let pages = await Promise.all(found.results.slice(0, SHOWN_RESULTS).map(function (r) { return r.data(); }));
    if (query !== latestQuery) return;
    // A word the index does not have is searched as the longest beginning of it that it has
    // (Pagefind: "autism" as "a"): the results then match none of the words typed. Say so instead.
    const unmatched = pages.length > 0 && !matchesAWordTyped(pages[0], query);
    if (unmatched) pages = [];
    list.replaceChildren(...pages.map(resultItem));
    list.dataset.query = query; // what the list shows the results of (the tests wait for it)
    const count = unmatched ? 0 : found.results.length;
    say(count === 0 ? "No pages found" : count === 1 ? "1 page found"
      : count <= SHOWN_RESULTS ? count + " pages found" : count + " pages found, the first " + SHOWN_RESULTS + " shown");
  }

  // Whether a word marked in the page's excerpt shares most of its beginning with a word typed
  // ("bereaved" for "bereavement", as the index stems words; not "a" for "autism").
  function matchesAWordTyped(page, query) {
    const typed = words(query);
    const found = [...parsedExcerpt(page.excerpt).querySelectorAll("mark")]
      .flatMap(function (mark) { return words(mark.textContent); });
    return typed.some(function (word) {
      const needed = Math.min(word.length, Math.max(3, Math.ceil(word.length * 0.6)));
      return found.some(function (mark) { return sharedStart(word, mark) >= needed; });
    });
  }

  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  }

  function sharedStart(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  }

  function resultItem(page) {
    // The title is the page's heading as plain text: set as text, it shows exactly as written.
    const title = element("span", { class: "site-search__result-title" }, [page.meta.title || page.url]);
    const excerpt = element("span", { class: "site-search__excerpt" }, marked(page.excerpt));
    return element("li", { class: "site-search__result" }, [
      element("a", { href: page.url }, [title, excerpt]),
    ]);
  }

  // The excerpt is HTML: the page's text with < and > escaped and the search words in <mark>. Parsed
  // in an inert document (nothing in it can run or load), only its text and the marks are kept.
  function parsedExcerpt(html) {
    return new DOMParser().parseFromString("<body>" + html, "text/html").body;
  }

  function marked(html) {
    return [...parsedExcerpt(html).childNodes].map(function (node) {
      return node.nodeName === "MARK" ? element("mark", {}, [node.textContent]) : document.createTextNode(node.textContent);
    });
  }

  // A key typed into a field is the field's, not a shortcut (the palette's radio buttons take no text).
  const TEXT_INPUTS = "input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit])" +
    ":not([type=reset]):not([type=range]):not([type=color]), textarea, select";

  function typing(target) {
    return target instanceof Element && (target.isContentEditable || target.closest(TEXT_INPUTS) !== null);
  }

  window.addEventListener("click", function (event) {
    const button = event.target instanceof Element ? event.target.closest("[data-site-search-open]") : null;
    if (!button) return;
    event.preventDefault();
    open();
  });

  window.addEventListener("keydown", function (event) {
    if (!SHORTCUTS.has(event.key) || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (dialog && dialog.open) return;
    event.preventDefault();
    open();
  });
})();
