"""The directory's own settings in mkdocs.yml (`plugins: - peerdir:`), one per line with what it is for,
read the same way by a build (through MkDocs, `engine/plugin.py`) and by the commands that build nothing
(`report`, `freshness`), which read mkdocs.yml themselves so that they need no engine.

Each setting is checked here, once, into `ProjectSettings`; a wrong value is a Problem at its
`mkdocs.yml:line:column`, like a mistake in the data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .schema import email_problem, shown

SETTINGS_FILE = "mkdocs.yml"
PLUGIN_NAME = "peerdir"


@dataclass(frozen=True)
class Freshness:
    """When a listing is called out of date, and when the weekly check-in asks its group first."""

    # A group whose details were last checked this many whole months ago or more shows, on its page,
    # in map popups and in lists, that they may be out of date.
    stale_after_months: int = 12
    # 0 (off): listed in their usual order. A number of months: groups not checked for that long come
    # after the checked ones in "nearest" lists and browse pages.
    list_last_after_months: int = 0
    # The weekly check-in (`build.py freshness`) asks a group this many months after its last check,
    # so that the question comes before the site calls the listing stale.
    check_in_after_months: int = 11
    # At most this many new check-in issues a week, the oldest listings first.
    check_ins_per_run: int = 10


# The link an e-mail's "Unsubscribe" points to, as the sending service writes it: Mailchimp's merge tag.
# Buttondown's is `{{ unsubscribe_url }}`, Listmonk's `{{ UnsubscribeURL }}` (README: "Send the newsletter").
DEFAULT_UNSUBSCRIBE = "*|UNSUB|*"


@dataclass(frozen=True)
class HelpLine:
    """One line of "Need help now?" (mkdocs.yml, `extra: help_now: lines:`): who, the link's words, the
    link a phone opens (tel: or sms:, else none) and when or how."""

    name: str
    label: str
    link: str = ""
    note: str = ""


@dataclass(frozen=True)
class ProjectSettings:
    """What the commands need from mkdocs.yml besides the data."""

    site_url: str = ""
    repo_url: str = ""
    site_name: str = ""
    # The charity's address for corrections from people without a GitHub account; "" for none.
    corrections_email: str = ""
    freshness: Freshness = field(default_factory=Freshness)
    # What the sending service replaces with each reader's own unsubscribe link, in the e-mail edition.
    email_unsubscribe: str = DEFAULT_UNSUBSCRIBE
    help_lines: tuple[HelpLine, ...] = ()


def _months(low: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 120:
            return f"{shown(str(value))} is not a number of months from {low} to 120: write a whole number, e.g. 12"
        return None
    return check


def _count(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        return f"{shown(str(value))} is not a number from 1 to 100: write a whole number, e.g. 10"
    return None


def _email(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{shown(str(value))} is not an e-mail address: write it like corrections@example.org"
    return email_problem(value) if value else None


def _placeholder(value: Any) -> str | None:
    if not isinstance(value, str) or not 1 <= len(value) <= 100 or any(c.isspace() and c != " " for c in value) \
            or not value.isprintable():
        return (f"{shown(str(value))} is not a sending service's unsubscribe placeholder: write one line, "
                "e.g. *|UNSUB|* (Mailchimp), {{ unsubscribe_url }} (Buttondown) or {{ UnsubscribeURL }} (Listmonk)")
    return None


# name: (default, check). The checks return what is wrong, in words for the editor, or None.
SETTINGS: dict[str, tuple[Any, Callable[[Any], str | None]]] = {
    "corrections_email": ("", _email),
    "stale_after_months": (Freshness.stale_after_months, _months(1)),
    "list_last_after_months": (Freshness.list_last_after_months, _months(0)),
    "check_in_after_months": (Freshness.check_in_after_months, _months(1)),
    "check_ins_per_run": (Freshness.check_ins_per_run, _count),
    "email_unsubscribe": (DEFAULT_UNSUBSCRIBE, _placeholder),
}
NOT_FRESHNESS = ("corrections_email", "email_unsubscribe")


@dataclass(frozen=True)
class _Where:
    """Where a value was written, for its message."""

    line: int
    column: int


def checked_settings(values: Mapping[str, Any], top: Mapping[str, Any],
                     where: Callable[[str], _Where] = lambda name: _Where(1, 1)) -> tuple[ProjectSettings, list[Problem]]:
    """The settings from the plugin's `values` and mkdocs.yml's top-level `top` (site_url, repo_url,
    site_name), each checked; a wrong one is reported and its default used."""
    problems: list[Problem] = []
    chosen: dict[str, Any] = {}
    for name, (default, check) in SETTINGS.items():
        value = values.get(name, default)
        wrong = check(value)
        if wrong:
            at = where(name)
            problems.append(Problem(SETTINGS_FILE, at.line, at.column, f"plugins.{PLUGIN_NAME}.{name}", wrong))
            value = default
        chosen[name] = value
    if chosen["check_in_after_months"] >= chosen["stale_after_months"]:
        at = where("check_in_after_months")
        problems.append(Problem(
            SETTINGS_FILE, at.line, at.column, f"plugins.{PLUGIN_NAME}.check_in_after_months",
            f"{chosen['check_in_after_months']} is not less than stale_after_months "
            f"({chosen['stale_after_months']}): ask groups before the site calls their details out of date"))
    freshness = Freshness(**{name: chosen[name] for name in SETTINGS if name not in NOT_FRESHNESS})
    return ProjectSettings(site_url=_text(top.get("site_url")), repo_url=_text(top.get("repo_url")),
                           site_name=_text(top.get("site_name")), corrections_email=chosen["corrections_email"],
                           freshness=freshness, email_unsubscribe=chosen["email_unsubscribe"],
                           help_lines=help_lines(top.get("extra"))), problems


def help_lines(extra: Any) -> tuple[HelpLine, ...]:
    """The lines of "Need help now?" from mkdocs.yml's `extra` (as the theme reads them: only text is
    used, and a link only if it opens a phone or messages)."""
    help_now = extra.get("help_now") if isinstance(extra, Mapping) else None
    lines = help_now.get("lines") if isinstance(help_now, Mapping) else None
    found = []
    for line in lines if isinstance(lines, list) else []:
        if not isinstance(line, Mapping) or not line.get("label"):
            continue
        link = _text(line.get("link"))
        found.append(HelpLine(name=str(line.get("name") or ""), label=str(line["label"]),
                              link=link if link.startswith(("tel:", "sms:")) else "", note=str(line.get("note") or "")))
    return tuple(found)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def read_project_settings(root: Path) -> tuple[ProjectSettings, list[Problem]]:
    """The settings in `root`/mkdocs.yml, read without MkDocs."""
    top, plugin = _compose(root / SETTINGS_FILE)
    values = {name: _plain(value) for name, value in _mapping(plugin).items()}
    plain = {name: _plain(value) for name, value in top.items()}
    plain["extra"] = _constructed(top.get("extra"))
    return checked_settings(values, plain, _positions(plugin))


def _constructed(node: Any) -> Any:
    """A node of plain YAML (mappings, lists, text) as values; None if it holds anything else."""
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True) if node is not None else None
    except yaml.YAMLError:
        return None


def positions_in(config_file: Path) -> Callable[[str], _Where]:
    """Where each of the plugin's settings is written in `config_file`, for messages about them."""
    return _positions(_compose(config_file)[1])


def _compose(config_file: Path) -> tuple[dict[str, Any], Any]:
    """mkdocs.yml's top-level mapping and the plugin's settings, as nodes. The file may use tags of
    MkDocs' own (`!ENV`, `!relative`): it is composed, not constructed, so they are never run."""
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}, None  # a build reads it with MkDocs, which says what is wrong
    top = _mapping(node)
    return top, _plugin_settings(top.get("plugins"))


def _positions(plugin: Any) -> Callable[[str], _Where]:
    marks = {key.value: _Where(value.start_mark.line + 1, value.start_mark.column + 1)
             for key, value in (plugin.value if isinstance(plugin, yaml.MappingNode) else [])
             if isinstance(key, yaml.ScalarNode)}
    return lambda name: marks.get(name, _Where(1, 1))


def _mapping(node: Any) -> dict[str, Any]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _plugin_settings(plugins: Any) -> Any:
    """The node of `- peerdir:`'s settings in the plugins list (MkDocs also allows a mapping of plugins)."""
    if isinstance(plugins, yaml.MappingNode):
        return _mapping(plugins).get(PLUGIN_NAME)
    if isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            entry = _mapping(item)
            if PLUGIN_NAME in entry:
                return entry[PLUGIN_NAME]
    return None


def _plain(node: Any) -> Any:
    """A scalar's value as YAML 1.1 reads it (as MkDocs does); None for anything else."""
    if isinstance(node, yaml.ScalarNode) and node.tag.startswith("tag:yaml.org,2002:"):
        return yaml.SafeLoader("").construct_object(node)
    return None
