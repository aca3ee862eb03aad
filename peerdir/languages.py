"""The languages groups are run in: a tag or a name an editor writes, read as a BCP 47 language tag, and the
names the site shows for it ('Welsh (Cymraeg)').

langcodes checks tags against the IANA subtag registry (every ISO 639 code, `bfi` for British Sign Language,
`sgn-GB` as the same) and finds a language by its name in English or in itself (its data come from CLDR, in
the language-data package); Babel, which the site has anyway, knows the same names but none for sign
languages. The names are worked out at build time: the pins of both packages keep them the same.
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any

import langcodes
from language_data import names

# What a tag must name to be a group's language: not a collection (`sgn`, `mul`), nothing (`zxx`), an
# undetermined language (`und`) or one of the codes kept for private use (`qaa`), which name no language.
NOT_A_LANGUAGE = ("Unknown language", "languages", "No linguistic content", "Undetermined")
# The sign languages people in the UK and Ireland use, for the suggestions: CLDR's list of names, which
# Babel gives, has no sign language in it.
SIGN_LANGUAGES = ("bfi", "isg", "ase")
MAX_LENGTH = 80  # longer than any language's name or tag
ABBREVIATION = re.compile("[A-Z]{3,}")


def abbreviation(text: str) -> bool:
    """`BSL`: written as people shorten a name, and not read as a code even when it is one (`bsl` is
    Basa-Gumna, a language of Nigeria); codes are written in lower case, two-letter ones also in capitals."""
    return ABBREVIATION.fullmatch(text) is not None


@functools.lru_cache(maxsize=4096)
def language_tag(text: str) -> str | None:
    """The canonical tag (`cy`, `bfi`, `zh-Hant`) of a tag or a name in English or in the language itself;
    None when `text` is neither."""
    wanted = text.strip()
    if not wanted or len(wanted) > MAX_LENGTH or abbreviation(wanted):
        return None
    if not (langcodes.tag_is_valid(wanted) or _a_name(wanted)):
        return None
    try:
        tag = langcodes.standardize_tag(wanted if langcodes.tag_is_valid(wanted) else langcodes.find(wanted).to_tag())
    except (LookupError, ValueError):
        return None
    return tag if _names_a_language(tag) else None


def _a_name(text: str) -> bool:
    """Whether `text` is a language's name as written, in English or in any language CLDR names it in:
    langcodes.find also takes a name with words after it, which reads `English and Polish` as English."""
    name = names.normalize_name(text)
    if name in _names_in("und") or name in _names_in("en"):  # `und`: the names no two languages share
        return True
    try:
        found = langcodes.find(text).language
    except LookupError:
        return False
    return name in {names.normalize_name(own) for own in names.code_to_names(found or "").values()}


@functools.cache
def _names_in(language: str) -> Any:
    """language-data's index of the languages' names in `language` (a marisa trie), which langcodes.find reads."""
    return names.load_trie(names.data_filename(f"trie/{language}/name_to_language.marisa"))


def _names_a_language(tag: str) -> bool:
    name = langcodes.Language.get(tag).display_name()
    return not any(word in name for word in NOT_A_LANGUAGE)


@functools.lru_cache(maxsize=1024)
def english_name(tag: str) -> str:
    """`Welsh`; `Chinese (Traditional)` for `zh-Hant`."""
    return langcodes.Language.get(tag).display_name("en")


@functools.lru_cache(maxsize=1024)
def endonym(tag: str) -> str:
    """The language's name in itself: `Cymraeg`, `polski`; the English name when CLDR has none."""
    return langcodes.Language.get(tag).autonym()


def label(tag: str) -> str:
    """What pages show: `Welsh (Cymraeg)`, and `English` or `British Sign Language` once."""
    english, own = english_name(tag), endonym(tag)
    return english if own.casefold() == english.casefold() else f"{english} ({own})"


def iso_639(tag: str) -> str:
    """The ISO 639 code of a tag's language (`zh` of `zh-Hant`, `bfi`), as HSDS asks for one."""
    return langcodes.Language.get(tag).language or tag


def suggestion(text: str) -> str | None:
    """The language a mistyped name or tag was most likely meant to be, as `Polish` (its English name)."""
    wanted = text.strip().casefold()
    english, own = _known_names()
    for known in (english, own):  # an English name first: `Polsih` is Polish, not `polski`
        close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.75)
        if close:
            return english_name(known[close[0]])
    close = difflib.get_close_matches(wanted, [*english, *own], n=1, cutoff=0.6)
    return english_name({**own, **english}[close[0]]) if close else None


@functools.cache
def _known_names() -> tuple[dict[str, str], dict[str, str]]:
    """Every language CLDR names, by its English name and by its name in itself, in lower case."""
    from babel import Locale  # only a message with a mistake needs it

    english: dict[str, str] = {}
    own: dict[str, str] = {}
    for code in (*Locale("en").languages, *SIGN_LANGUAGES):
        if langcodes.tag_is_valid(code) and _names_a_language(code):
            english.setdefault(english_name(code).casefold(), code)
            own.setdefault(endonym(code).casefold(), code)
    return english, own
