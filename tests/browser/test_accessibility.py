"""WCAG 2.2 AA in real headless Chromium: axe-core (from npm, pinned in package-lock.json) on the key
pages in the light and the dark palette, a keyboard-only walk (skip link, visible focus that is never
hidden under the sticky header, the help bar, the map's filters and list view), 320 px wide and 200%
zoom, and headings and landmarks a screen reader can navigate by.

Screenshots of the key pages at 390 px and 1280 px are saved under tests/.artifacts/ to look at.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from benchmarks.synthetic import write_synthetic_data
from peerdir.render.outputs.browse import A_TO_Z_ON_ONE_PAGE

from ..conftest import REPO, TODAY, copy_project
from .conftest import build_and_serve, screenshot

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices (landmarks, headings, ...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")
KEY_PAGES = {
    "home": "",
    "browse": "browse/area/kensington-and-chelsea/",
    "group": "groups/gingerbread-west-london/",
    "map": "map/",
    "events": "events/",
    "newsletter": "newsletter/2026-11-peertalk/",
}
# A group whose details are out of date (checked March 2025): its warning at the top, in both palettes' colours.
MORE_PAGES = {"find-a-group": "groups/", "privacy": "privacy/", "stale-group": "groups/west-london-action-for-children/"}
MAX_TABS = 80


# ------------------------------------------------------------------ helpers


def open_page(driver, url: str) -> None:
    """Open a page and wait until it, and its map if it has one, is ready to use."""
    driver.get(url)
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))
    assert driver.find_element(By.CSS_SELECTOR, "article h1").text != "Sorry, we cannot find that page", url  # not the 404 page
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && "
        "[...document.querySelectorAll('[data-map]')].every(m => m.dataset.ready || m.matches('.is-broken'))"))


def axe_violations(driver, context: str = "document", rules: list[str] | None = None) -> list[dict]:
    """axe's violations of the rules tagged AXE_TAGS, or of the `rules` named."""
    assert AXE.is_file(), "axe-core is not installed: run `make setup` (npm ci installs it from package-lock.json)"
    # Colours are judged once they have settled: a button just clicked is still fading between its
    # two states for the theme's 125 ms, and axe would judge (and fail) a colour halfway between.
    WebDriverWait(driver, 5).until(lambda d: d.execute_script(
        "return document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState !== 'running')"))
    if not driver.execute_script("return !!window.axe"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    driver.set_script_timeout(90)
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    return driver.execute_async_script(f"""
        const done = arguments[arguments.length - 1];
        axe.run({context}, {{runOnly: arguments[0], resultTypes: ['violations']}})
          .then(result => done(result.violations),
                error => done([{{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}}]));
    """, run_only)


def serious(violations: list[dict]) -> list[str]:
    """The serious and critical violations, one readable paragraph each."""
    return [readable(v) for v in violations if v["impact"] in FAILING_IMPACTS]


def readable(violation: dict) -> str:
    lines = [f"[{violation['impact']}] {violation['id']}: {violation['help']} {violation.get('helpUrl', '')}"]
    for node in violation["nodes"][:10]:
        lines.append(f"      {' '.join(map(str, node['target']))}: {' '.join(node.get('failureSummary', '').split())}")
    return "\n".join(lines)


def scheme(driver) -> str:
    return driver.execute_script("return document.body.getAttribute('data-md-color-scheme')")


def use_scheme(driver, wanted: str) -> None:
    """Choose a palette with the header's toggle, as a visitor does; the theme remembers it."""
    if scheme(driver) != wanted:
        toggle = driver.find_element(By.CSS_SELECTOR, "form[data-md-component='palette'] label:not([hidden])")
        toggle.click()
        WebDriverWait(driver, 5).until(lambda d: scheme(d) == wanted)


def background_lightness(driver) -> float:
    red, green, blue = driver.execute_script(
        "return getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)")
    return (red + green + blue) / 3


FOCUS = """
const element = document.activeElement;
// The theme hides its palette radio buttons and rings the label beside them instead.
const ringed = element.matches('.md-option') ? element.nextElementSibling : element;
const style = getComputedStyle(ringed);
const box = ringed.getBoundingClientRect();
const sticky = Math.max(...[...document.querySelectorAll('.md-header, .help-now')]
  .map(e => e.getBoundingClientRect().bottom));
return {
  tag: element.tagName.toLowerCase(),
  name: (element.getAttribute('aria-label') || element.textContent || element.name || '').trim().slice(0, 60),
  href: element.getAttribute('href') || '',
  classes: element.className && element.className.baseVal === undefined ? element.className : '',
  area: element.closest('.md-skip, [data-md-component=skip]') ? 'skip'
      : element.closest('.help-now') ? 'help' : element.closest('.md-header') ? 'header'
      : element.closest('article') ? 'article' : element.closest('.md-sidebar') ? 'sidebar'
      : element.closest('.md-footer') ? 'footer' : 'other',
  ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 || style.boxShadow !== 'none',
  // WCAG 2.4.11: what has focus is not hidden under the sticky header and help bar.
  hidden: !element.closest('.md-header, .help-now, .md-skip') && box.height > 0 && box.bottom <= sticky + 1,
  body: element === document.body,
};
"""


def tab(driver, times: int = 1) -> dict:
    for _ in range(times):
        ActionChains(driver).send_keys(Keys.TAB).perform()
    return driver.execute_script(FOCUS)


def tab_until(driver, found, stops: list[dict] | None = None) -> dict:
    """Press Tab until `found(focus)`; every stop on the way is checked for a visible focus ring."""
    for _ in range(MAX_TABS):
        focus = tab(driver)
        if stops is not None:
            stops.append(focus)
        assert focus["body"] or focus["ring"], f"no visible focus on {focus}"
        assert not focus["hidden"], f"focus hidden under the header: {focus}"
        if found(focus):
            return focus
    raise AssertionError(f"not reached with {MAX_TABS} presses of Tab")


def emulate(driver, width: int, height: int, scale: float = 1, mobile: bool = False) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})


# ------------------------------------------------------------------ axe-core


@pytest.mark.parametrize("palette", ["default", "slate"])
def test_key_pages_have_no_serious_axe_violations(browser, sample_site: str, palette: str) -> None:
    open_page(browser, sample_site)
    use_scheme(browser, palette)
    problems = []
    for name, path in KEY_PAGES.items():
        open_page(browser, sample_site + path)
        assert scheme(browser) == palette, "the palette chosen is kept from page to page"
        assert (background_lightness(browser) < 80) == (palette == "slate"), "the colours really changed"
        problems += [f"{name} ({palette}): {text}" for text in serious(axe_violations(browser))]
    # The map's other states: the list view, and a group's popup.
    open_page(browser, sample_site + "map/")
    browser.find_element(By.CSS_SELECTOR, "[data-view='list']").click()
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-list='all'] li").is_displayed())
    problems += [f"map list view ({palette}): {text}" for text in serious(axe_violations(browser))]
    assert problems == [], "\n" + "\n".join(problems)


def test_on_a_phone_key_pages_and_the_open_help_bar_pass_axe(phone, sample_site: str) -> None:
    problems = []
    for name, path in {**KEY_PAGES, **MORE_PAGES}.items():
        open_page(phone, sample_site + path)
        phone.find_element(By.CSS_SELECTOR, ".help-now__summary").click()
        WebDriverWait(phone, 5).until(
            lambda d: d.find_element(By.CSS_SELECTOR, ".help-now__fold a.help-now__call").is_displayed())
        problems += [f"{name} (390 px): {text}" for text in serious(axe_violations(phone))]
    assert problems == [], "\n" + "\n".join(problems)


HEADINGS = """
const text = getComputedStyle(document.querySelector('article')).color;  // the text's own colour
return [...document.querySelectorAll('article h1, article h2')].map(h => {
  const style = getComputedStyle(h);
  return {tag: h.tagName.toLowerCase(), color: style.color, text, weight: Number(style.fontWeight)};
});
"""


@pytest.mark.parametrize("palette", ["default", "slate"])
def test_on_a_phone_headings_are_in_the_text_colour_and_bold_enough_to_read(phone, sample_site: str,
                                                                          palette: str) -> None:
    """The theme draws page titles thin (300) and light grey; in sunlight on a phone they wash out."""
    for path in ("groups/full-of-life/", "newsletter/2026-11-peertalk/", "about/"):
        open_page(phone, sample_site + path)
        use_scheme(phone, palette)
        headings = phone.execute_script(HEADINGS)
        assert headings and headings[0]["tag"] == "h1", path
        for heading in headings:
            assert heading["color"] == heading["text"], (path, heading)
            assert heading["weight"] >= (700 if heading["tag"] == "h1" else 600), (path, heading)


def test_axe_finds_a_violation_when_there_is_one(browser, sample_site: str) -> None:
    # The check must be able to fail: pale grey text on white is caught. Coloured from a script (a
    # `style` attribute in markup would be refused by the pages' security policy, content_policy.py).
    open_page(browser, sample_site + "privacy/")
    browser.execute_script("const faint = document.createElement('p'); faint.textContent = 'Too faint to read';"
                           "faint.style.color = '#bbb'; faint.style.background = '#fff';"
                           "document.querySelector('article').append(faint)")
    found = serious(axe_violations(browser))
    assert any("color-contrast" in text and "Too faint" not in text for text in found), found


# ------------------------------------------------------------------ the keyboard


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(browser, sample_site: str) -> None:
    for path in ("", "groups/gingerbread-west-london/", "map/"):
        open_page(browser, sample_site + path)
        first = tab(browser)
        assert first["area"] == "skip" and first["name"] == "Skip to content", first
        assert first["ring"]
        skip = browser.find_element(By.CSS_SELECTOR, ".md-skip")
        WebDriverWait(browser, 5).until(lambda d, s=skip: s.is_displayed(), "the skip link shows once it has focus")
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        after = tab(browser)
        assert after["area"] == "article", f"{path}: after skipping, Tab goes to the content, not {after}"


def test_the_help_bar_and_quick_exit_are_reached_before_the_content_with_visible_focus(
        browser, sample_site: str) -> None:
    open_page(browser, sample_site + "groups/gingerbread-west-london/")
    stops: list[dict] = []
    tab_until(browser, lambda focus: focus["area"] == "article", stops)
    help_stops = [(stop["name"], stop["href"]) for stop in stops if stop["area"] == "help"]
    assert help_stops == [("Call 999", "tel:999"), ("Call 116 123", "tel:116123"),
                          ("Text SHOUT to 85258", "sms:85258?body=SHOUT"),
                          ("Leave this site", "https://www.bbc.co.uk/weather")]
    areas = [stop["area"] for stop in stops]
    assert areas[0] == "skip" and areas.index("help") < areas.index("article")
    # And on into the page, past the map, to the footer: focus is always in sight.
    tab_until(browser, lambda focus: focus["area"] == "footer")


def test_on_a_phone_the_help_bar_opens_and_closes_from_the_keyboard(phone, sample_site: str) -> None:
    open_page(phone, sample_site + "events/")
    summary = tab_until(phone, lambda focus: focus["area"] == "help")
    assert summary["tag"] == "summary" and summary["name"] == "Need help now?"
    ActionChains(phone).send_keys(Keys.SPACE).perform()
    call = tab(phone)
    assert (call["name"], call["href"]) == ("Call 999", "tel:999") and call["ring"]
    leave = tab(phone, 3)
    assert leave["name"] == "Leave this site"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_map_filters_and_list_view_work_from_the_keyboard_alone(browser, sample_site: str, width: int) -> None:
    browser.set_window_size(width, 900)
    open_page(browser, sample_site + "map/")
    if width < 720:  # on a phone the filters fold away behind a button
        tab_until(browser, lambda focus: "map-filters-toggle" in focus["classes"])
        ActionChains(browser).send_keys(Keys.ENTER).perform()
        assert browser.find_element(By.CSS_SELECTOR, "[data-filters-toggle]").get_attribute("aria-expanded") == "true"
    tab_until(browser, lambda focus: focus["tag"] == "select")
    assert browser.execute_script("return document.activeElement.id") == "map-filter-type"
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    chosen = browser.execute_script("return document.activeElement.value")
    assert chosen, "the arrow key chose a type of support"
    WebDriverWait(browser, 5).until(lambda d: f"type={chosen}" in d.current_url)
    matching = int(browser.find_element(By.CSS_SELECTOR, "[data-map='directory']").get_attribute("data-matching"))
    assert matching > 0
    tab_until(browser, lambda focus: focus["name"] == "List")
    ActionChains(browser).send_keys(Keys.SPACE).perform()
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-pane='list']").is_displayed())
    assert browser.find_element(By.CSS_SELECTOR, "[data-view='list']").get_attribute("aria-pressed") == "true"
    items = browser.find_elements(By.CSS_SELECTOR, "[data-list='all'] > li")
    assert len(items) == matching
    # The groups in the list are reached with Tab too.
    first = tab_until(browser, lambda focus: "map-group__name" in focus["classes"])
    assert first["name"] == items[0].find_element(By.CSS_SELECTOR, ".map-group__name").text


# ------------------------------------------------------------------ small screens and zoom


@pytest.mark.parametrize("width,height,scale,mobile", [(320, 640, 1, True), (640, 450, 2, False)],
                         ids=["320px", "200%-zoom"])
def test_key_pages_work_at_320_px_and_at_200_percent_zoom(browser, sample_site: str, width: int, height: int,
                                                          scale: float, mobile: bool) -> None:
    # 200% zoom of a 1280 x 900 window is a 640 x 450 window of CSS pixels, each drawn twice as big.
    emulate(browser, width, height, scale, mobile)
    for name, path in {**KEY_PAGES, **MORE_PAGES}.items():
        open_page(browser, sample_site + path)
        assert browser.execute_script("return window.innerWidth") == width
        assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), \
            f"{name} scrolls sideways at {width} px"
        bar = browser.find_element(By.CSS_SELECTOR, "aside.help-now")
        leave = browser.find_element(By.CSS_SELECTOR, "a[data-quick-exit]")
        assert bar.is_displayed() and leave.is_displayed()
        assert leave.rect["x"] + leave.rect["width"] <= width
        sticky = browser.execute_script("return document.querySelector('aside.help-now').getBoundingClientRect().bottom")
        assert sticky <= height * 0.25, f"{name}: the header and the help bar take {sticky} of {height} px"
        top = browser.execute_script(
            "window.scrollTo({top: document.documentElement.scrollHeight, behavior: 'instant'});"
            "return document.querySelector('aside.help-now').getBoundingClientRect().top")
        assert bar.is_displayed() and top <= 60, f"{name}: the help bar stays in sight at the bottom of the page"


# ------------------------------------------------------------------ headings and landmarks


STRUCTURE = """
const exposed = e => e.checkVisibility() && !e.closest('[hidden], [aria-hidden="true"]');
const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(exposed)
  .map(h => ({level: Number(h.tagName[1]), text: h.textContent.trim().slice(0, 50)}));
const topLevel = e => !e.parentElement.closest('main, header, footer, aside, nav, section[aria-label], article');
return {
  headings,
  mains: document.querySelectorAll('main').length,
  banners: [...document.querySelectorAll('header')].filter(topLevel).length,
  footers: [...document.querySelectorAll('footer')].filter(topLevel).length,
  navs: [...document.querySelectorAll('nav')].filter(exposed).map(n => n.getAttribute('aria-label')
    || (document.getElementById(n.getAttribute('aria-labelledby')) || {textContent: ''}).textContent.trim() || null),
  help: [...document.querySelectorAll('aside.help-now')].filter(topLevel).map(a => a.getAttribute('aria-label')),
  helpBeforeMain: !!(document.querySelector('aside.help-now').compareDocumentPosition(document.querySelector('main'))
    & Node.DOCUMENT_POSITION_FOLLOWING),
  lang: document.documentElement.lang,
};
"""


def test_headings_and_landmarks_make_sense_to_a_screen_reader(browser, sample_site: str) -> None:
    for name, path in {**KEY_PAGES, **MORE_PAGES}.items():
        open_page(browser, sample_site + path)
        page = browser.execute_script(STRUCTURE)
        levels = [h["level"] for h in page["headings"]]
        assert levels.count(1) == 1 and levels[0] == 1, f"{name}: one h1, first: {page['headings']}"
        skips = [(a, b) for a, b in pairwise(page["headings"]) if b["level"] > a["level"] + 1]
        assert skips == [], f"{name}: heading levels skip: {skips}"
        assert page["mains"] == 1 and page["banners"] == 1 and page["footers"] == 1, f"{name}: {page}"
        # (The theme's nested "About peer support" navigation is named by an empty label: left as it is.)
        named = [nav for nav in page["navs"] if nav]
        assert "Header" in named and len(set(named)) == len(named), \
            f"{name}: the navigation landmarks have names of their own: {page['navs']}"
        assert page["help"] == ["Need help now?"] and page["helpBeforeMain"], name
        assert page["lang"] == "en"


# axe's landmark rules, whatever their impact. A run by tags leaves out the ones axe has deprecated,
# such as landmark-complementary-is-top-level (an <aside> inside <main>), so they are named here.
LANDMARK_RULES = [
    "landmark-banner-is-top-level", "landmark-complementary-is-top-level", "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level", "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main", "landmark-one-main", "landmark-unique",
]


def test_landmarks_pass_every_axe_landmark_rule(browser, phone, sample_site: str) -> None:
    problems = []
    for driver, size in ((browser, "1280 px"), (phone, "390 px")):
        for name, path in {**KEY_PAGES, **MORE_PAGES}.items():
            open_page(driver, sample_site + path)
            problems += [f"{name} ({size}): {readable(v)}" for v in axe_violations(driver, rules=LANDMARK_RULES)]
    assert problems == [], "\n" + "\n".join(problems)



# ------------------------------------------------------------------ screenshots to look at


def test_screenshots_of_key_pages_at_390_and_1280(browser, phone, sample_site: str) -> None:
    for driver, size in ((browser, "1280"), (phone, "390")):
        for name, path in {**KEY_PAGES, **MORE_PAGES}.items():
            driver.set_window_size(int(size), 900)  # screenshot() stretched it to the last page's height
            open_page(driver, sample_site + path)
            assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), \
                f"{name} scrolls sideways at {size} px"
            assert screenshot(driver, f"key-{name}-{size}").stat().st_size > 10_000
    open_page(browser, sample_site)
    use_scheme(browser, "slate")
    for name in ("home", "map", "group"):
        browser.set_window_size(1280, 900)
        open_page(browser, sample_site + KEY_PAGES[name])
        assert screenshot(browser, f"key-{name}-1280-dark").stat().st_size > 10_000


@pytest.fixture(scope="module")
def big_directory_site(tmp_path_factory: pytest.TempPathFactory):
    """A directory too big for one A-to-Z page (tests/test_a_to_z.py), built and served."""
    data = tmp_path_factory.mktemp("big-data")
    write_synthetic_data(data, A_TO_Z_ON_ONE_PAGE + 50, today=date.fromisoformat(TODAY))
    yield from build_and_serve(copy_project(tmp_path_factory.mktemp("big-site"), data))


@pytest.mark.parametrize("path", ["browse/a-z/", "browse/a-z/b/"])
def test_a_big_directorys_a_to_z_pages_pass_axe_on_a_phone_with_letters_big_enough_to_tap(
        phone, big_directory_site: str, path: str) -> None:
    open_page(phone, big_directory_site + path)
    assert serious(axe_violations(phone)) == []
    letters = phone.find_elements(By.CSS_SELECTOR, ".a-to-z-letters a, .a-to-z-index a")
    assert len(letters) >= 5
    for letter in letters:
        size = letter.size
        assert size["height"] >= 24 and size["width"] >= 24, (letter.text, size)  # WCAG 2.5.8
    screenshot(phone, "a-to-z-" + path.strip("/").replace("/", "-"))
