"""The editors' field reference (/editors/fields/) in real Chromium: tables on a desktop, a card per field
on a phone, nothing cut off at 390 px, and no field name broken inside a word."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from peerdir.render.outputs.field_reference import SECTIONS
from peerdir.schema import schema_fields

from .conftest import screenshot

pytestmark = pytest.mark.browser

# What the page looks like to the test: where it or a cell's content is wider than its room, every
# line break inside a field name and the character before it, and each card's labels beside the
# column names of the table's header.
LAYOUT = """
const width = document.documentElement.clientWidth;
const tables = [...document.querySelectorAll('.field-table table')];
const cut = [];
for (const table of tables) {
  const box = table.getBoundingClientRect();
  if (box.right > width + 1) cut.push(`a table ends at ${Math.round(box.right)} px`);
  const scroller = table.closest('.md-typeset__scrollwrap');
  if (scroller && scroller.scrollWidth > scroller.clientWidth + 1) cut.push('a table scrolls sideways');
  for (const cell of table.querySelectorAll('tbody td')) {  // on a phone the header row is hidden: the cards say it
    const room = cell.getBoundingClientRect();
    if (cell.scrollWidth > cell.clientWidth + 1) cut.push(`${cell.textContent.slice(0, 40)} overflows its cell`);
    // Every piece of its text, line by line, lies inside the cell and the window.
    const text = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node; (node = text.nextNode());) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width && (r.right > room.right + 1 || r.left < room.left - 1 || r.right > width + 1))
          cut.push(`${node.data.slice(0, 40)} sticks out of its cell (${r.left}-${r.right} in ${room.left}-${room.right})`);
      }
    }
  }
}
// On a phone, each card's text keeps clear of the card's border (it touched it at 390 px).
const tight = [];
for (const row of tables.flatMap(t => [...t.querySelectorAll('tbody tr')])) {
  const card = row.getBoundingClientRect();
  const text = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
  for (let node; (node = text.nextNode());) {
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width && (r.left < card.left + 8 || r.right > card.right - 8))
        tight.push(`${node.data.trim().slice(0, 30)}: ${Math.round(r.left - card.left)} px from the left, ` +
                   `${Math.round(card.right - r.right)} px from the right`);
    }
  }
}
const breaks = [];
const names = [...document.querySelectorAll('.field-table code.field-name')];
for (const name of names) {
  let previous = null;
  const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (!box) continue;
      if (previous && box.top > previous.top + 2) breaks.push([name.textContent, previous.char]);
      previous = {top: box.top, char: node.data[i]};
    }
  }
}
const header = [...tables[0].querySelectorAll('thead th')].map(th => th.textContent.trim());
const cells = [...tables[0].querySelectorAll('tbody tr:first-child td')];
const labels = cells.map(td => getComputedStyle(td, '::before').content);
return {
  sideways: document.documentElement.scrollWidth > window.innerWidth + 1,
  width: window.innerWidth, cut, tight, breaks, header, labels,
  names: names.map(n => n.textContent),
  rowDisplay: getComputedStyle(tables[0].querySelector('tbody tr')).display,
};
"""


def field_names() -> list[str]:
    return [field.name for _, model in SECTIONS for field in schema_fields(model)]


def open_page(driver, url: str) -> dict:
    driver.get(url)
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".field-table table")))
    return driver.execute_script(LAYOUT)


def test_on_a_phone_each_field_is_a_card_with_nothing_cut_off(phone, sample_site: str) -> None:
    layout = open_page(phone, sample_site + "editors/fields/")
    assert layout["width"] == 390
    assert layout["names"] == field_names()  # every field of every table was looked at
    assert not layout["sideways"], "the field reference scrolls sideways at 390 px"
    assert layout["cut"] == []
    assert layout["tight"] == []
    assert layout["breaks"] == []  # at 390 px every name fits on its line
    assert layout["rowDisplay"] == "block"
    # Each value under its column's name: the card's labels are the header's words.
    assert [re.match(r'"(.*): "', label)[1] for label in layout["labels"][1:]] == layout["header"][1:]
    print(screenshot(phone, "field-reference-390"))


def test_on_a_desktop_the_tables_fit_and_names_break_only_after_an_underscore_or_a_dot(
    browser, sample_site: str
) -> None:
    layout = open_page(browser, sample_site + "editors/fields/")
    assert layout["names"] == field_names()
    assert not layout["sideways"] and layout["cut"] == []
    assert layout["rowDisplay"] == "table-row"
    assert all(char in "_." for _, char in layout["breaks"]), layout["breaks"]
    print(screenshot(browser, "field-reference-1280"))


def test_a_name_too_long_for_its_cell_breaks_after_an_underscore_and_nowhere_else(
    browser, sample_site: str
) -> None:
    """The narrowest column a name can be given: only its `_` and `.` may end a line."""
    open_page(browser, sample_site + "editors/fields/")
    browser.execute_script("""
        for (const name of document.querySelectorAll('.field-table code.field-name'))
          name.closest('td').style.width = name.closest('td').style.maxWidth = '1px';""")
    layout = browser.execute_script(LAYOUT)
    broken = {name for name, _ in layout["breaks"]}
    assert {"last_verified", "schedule_note", "phone_note", "support_types"} <= broken
    assert all(char in "_." for _, char in layout["breaks"]), layout["breaks"]


def test_the_cards_and_the_tables_pass_axe(browser, phone, sample_site: str) -> None:
    from .test_accessibility import axe_violations, readable

    problems = []
    for driver, size in ((browser, "1280 px"), (phone, "390 px")):
        open_page(driver, sample_site + "editors/fields/")
        problems += [f"{size}: {readable(v)}" for v in axe_violations(driver)]
    assert problems == [], "\n" + "\n".join(problems)
