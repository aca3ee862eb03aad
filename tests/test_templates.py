"""Our templates (overrides/) keep to what both Jinja2 (MkDocs, ProperDocs) and MiniJinja (Zensical's
engine, Rust) understand: every one is rendered by both, with strict undefined values on both sides (a
value that may be missing is asked `is defined`) and MiniJinja without its Python compatibility (no
`.startswith()` and the like, which Zensical does not have), and the two must write the same page.

The theme's base.html is MkDocs-material's, which Zensical replaces by its own; here a small one with
the theme's blocks and the includes our partials fill stands in for both."""

from __future__ import annotations

import json
import re
from typing import Any

import jinja2
import minijinja
import pytest

from .conftest import REPO

OVERRIDES = REPO / "overrides"
THEME_BASE = """<!doctype html><html><head>{% block site_meta %}<meta charset="utf-8">{% endblock %}
{% block htmltitle %}<title>{{ config.site_name }}</title>{% endblock %}
{% block styles %}<link rel="stylesheet" href="theme.css">{% endblock %}{% block extrahead %}{% endblock %}</head>
<body>{% block header %}<header><div class="md-header__source">{% include "partials/source.html" %}</div></header>
{% endblock %}{% block tabs %}<nav>tabs</nav>{% endblock %}
{% block container %}<main><article class="md-content__inner md-typeset"><h1 id="page-title">Title</h1>
{% block content %}{% if page %}{{ page.content }}{% endif %}{% endblock %}</article></main>{% endblock %}
<footer>{% include "partials/copyright.html" %}</footer>{% block config %}{% endblock %}
{% block scripts %}<script src="theme.js"></script>{% endblock %}</body></html>
"""
HELP_NOW = {
    "lines": [
        {"name": "Samaritans", "label": "Call 116 123", "link": "tel:116123", "note": "free, day or night"},
        {"name": "Shout", "label": "Text SHOUT to 85258", "link": "sms:85258?body=SHOUT"},
        {"name": "Not a phone", "label": "Click", "link": "javascript:alert(1)"},
    ],
    "leave_url": "https://www.bbc.co.uk/weather",
}


class Language:
    """The theme's `lang` object: `lang.t(key)`."""

    def t(self, key: str) -> str:
        return {"search.placeholder": "Search"}.get(key, key)


def config(**extra: Any) -> dict[str, Any]:
    return {"site_name": "Peer support", "site_url": "https://example.org/peer/", "copyright": None,
            "extra": extra}


def page(meta: dict[str, Any], content: str, edit_url: str | None = None) -> dict[str, Any]:
    return {"meta": meta, "file": {"src_uri": "x.md"}, "edit_url": edit_url, "content": content, "title": "T"}


CASES = {
    "hand-written page": ("main.html", {
        "config": config(help_now=HELP_NOW),
        "page": page({}, '<ul data-living-dates><li>x</li></ul>', "https://github.com/e/p/edit/main/content/x.md"),
        "content_security_policy": "default-src 'self'"}),
    "group page, boosted in the search": ("main.html", {
        "config": config(help_now={"lines": HELP_NOW["lines"][:1], "leave_url": "javascript:void(0)"},
                         content_security_policy="default-src 'none'"),  # as `build.py export` writes it
        "page": page({"search": {"boost": 2}}, '<button data-print-page>Print</button>')}),
    "page kept out of the search, site without help lines": ("main.html", {
        "config": {**config(annotate={"x": 1}), "copyright": "© A charity", "site_url": None},
        "page": page({"search": {"exclude": True}}, "<p>x</p>")}),
    "the 404 page, which has no page": ("404.html", {"config": config(help_now=HELP_NOW, generator=False),
                                                      "page": None}),
}


def url(value: str) -> str:
    return "../" + value


def render_jinja2(name: str, context: dict[str, Any], loaded: set[str]) -> str:
    def load(template: str) -> str:
        loaded.add(template)
        return THEME_BASE if template == "base.html" else (OVERRIDES / template).read_text(encoding="utf-8")

    environment = jinja2.Environment(loader=jinja2.FunctionLoader(load), undefined=jinja2.StrictUndefined,
                                     autoescape=False)
    environment.filters["url"] = url
    return environment.get_template(name).render(**context)


def render_minijinja(name: str, context: dict[str, Any], loaded: set[str]) -> str:
    def load(template: str) -> str:
        loaded.add(template)
        return THEME_BASE if template == "base.html" else (OVERRIDES / template).read_text(encoding="utf-8")

    environment = minijinja.Environment(loader=load, undefined_behavior="strict", pycompat=False,
                                        auto_escape_callback=lambda _name: False)
    environment.add_filter("url", url)
    return environment.render_template(name, **context)


def comparable(rendered: str) -> tuple[str, Any]:
    """The page with its whitespace between tags evened out, and the theme's settings (JSON) apart:
    each engine writes a mapping's keys in its own order. MiniJinja's `| e` escapes `/` too (`&#x2f;`)."""
    settings = re.search(r'<script id="__config" type="application/json">(.*?)</script>', rendered, re.DOTALL)
    text = rendered.replace(settings[0], "") if settings else rendered
    text = re.sub(r"\s+", " ", text.replace("&#x2f;", "/")).replace("> <", "><").strip()
    return text, json.loads(settings[1]) if settings else None


@pytest.mark.parametrize("case", CASES)
def test_every_template_writes_the_same_page_in_jinja2_and_minijinja(case: str) -> None:
    name, context = CASES[case]
    context = {"base_url": "..", "features": ["navigation.top"], "lang": Language(),
               "content_security_policy": "", **context}
    by_jinja2, by_minijinja = set(), set()
    jinja2_page = render_jinja2(name, context, by_jinja2)
    minijinja_page = render_minijinja(name, context, by_minijinja)
    assert comparable(minijinja_page) == comparable(jinja2_page)
    assert by_minijinja == by_jinja2
    text = comparable(jinja2_page)[0]
    leave_url = context["config"]["extra"].get("help_now", {}).get("leave_url", "")
    assert ("Leave this site" in text) == leave_url.startswith("https:")  # only a web address is a way out
    assert 'href="javascript' not in text and "javascript:alert" not in text


def test_the_cases_render_every_override() -> None:
    overrides = {path.relative_to(OVERRIDES).as_posix() for path in OVERRIDES.rglob("*")
                 if path.suffix in {".html", ".svg"} and path.is_file()}
    used: set[str] = set()
    for name, context in CASES.values():
        render_minijinja(name, {"base_url": "..", "features": [], "lang": Language(), **context}, used)
    missing = {path for path in overrides - used if not path.startswith(".icons/sprite/") or path.endswith("search.svg")}
    assert missing == set()


def test_the_pages_say_what_the_search_and_the_help_lines_need() -> None:
    """What the conditions decide, so that a rewrite for both engines keeps the meaning."""
    used: set[str] = set()
    boosted = render_minijinja("main.html", {"base_url": "..", "features": [], "lang": Language(),
                                             **CASES["group page, boosted in the search"][1]}, used)
    assert 'data-pagefind-weight="10"' in boosted and "data-pagefind-body" in boosted
    assert 'href="tel:116123"' in boosted and "print-button.js" in boosted and "living-dates.js" not in boosted
    assert "Leave this site" not in boosted  # javascript: is no web address
    assert 'http-equiv="Content-Security-Policy" content="default-src \'none\'"' in boosted
    excluded = render_minijinja("main.html", {"base_url": "..", "features": [], "lang": Language(),
                                              **CASES["page kept out of the search, site without help lines"][1]}, used)
    assert "data-pagefind-body" not in excluded and "help-now" not in excluded and "© A charity" in excluded
    hand_written = render_minijinja("main.html", {"base_url": "..", "features": [], "lang": Language(),
                                                  **CASES["hand-written page"][1]}, used)
    assert 'data-pagefind-weight' not in hand_written and "Edit this page on GitHub" in hand_written
    assert 'href="sms:85258?body=SHOUT"' in hand_written and "<strong class=\"help-now__call\">Click</strong>" in hand_written
    assert "living-dates.js" in hand_written and 'content="default-src \'self\'"' in hand_written


def test_minijinja_refuses_what_zensical_would() -> None:
    """The check is a real one: MiniJinja as the tests run it has no .startswith() and no missing value."""
    environment = minijinja.Environment(undefined_behavior="strict", pycompat=False)
    with pytest.raises(minijinja.TemplateError):
        environment.render_str('{{ "tel:1".startswith("tel:") }}')
    with pytest.raises(minijinja.TemplateError):
        environment.render_str("{{ page.meta.search }}", page={"meta": {}})
