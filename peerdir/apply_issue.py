"""`.venv/bin/python build.py apply-issue FORM BODY_FILE`: an issue made from one of the forms becomes a change
to the YAML files, ready for a maintainer to review as a pull request.

* `suggest-a-group` and `add-an-event` add an entry at the end of groups.yaml or events.yaml, in
  the house style (the fields in the order of the field reference, lists on one line). Its id is
  made from the name or title. A group whose id is taken is refused: it is most likely the same
  group suggested twice, and a report-a-change is the way to correct it. An event whose id is taken
  (a meeting held every month has the same title each time) gets its start date added to the id;
  if that is taken too, it is refused.
* `report-a-change` sets the group's `status` and `alert` when they differ from what the file says,
  and its `last_verified` to the day of the report (`--answered`): what has changed, in the reporter's
  words, is for the maintainer to apply before merging.
* `confirm-details`, the check-in's answer (check_in_issue.py), sets the group's `last_verified` to the
  day of the answer and nothing else; when the answer says something has changed, the change is for the
  maintainer to apply, as for a report. `last_verified` never goes back to an earlier day.

Which form field fills which YAML field is `issue_forms.ISSUE_FORMS`; fields it stores nowhere go to
the pull request's text for the reviewer. Everything from the issue is treated as text: it goes into
the files only through the YAML emitter (see yaml_edit.py) and into the pull request only inside
code blocks, where Markdown makes no links, mentions or `Closes #…` of it.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .form_body import Answer, form_fields, read_answers
from .github_text import fenced, inert_markdown
from .issue_forms import ISSUE_FORMS, NOTHING_CHANGED, IssueForm
from .models import DAYS, WEEKS, Group, Meeting
from .problems import Problem, format_problems
from .schema import MAX_ID_LENGTH, Boolean, Kind, ListOf, LocalDateTime, Nested, Postcode, Ref, Text, did_you_mean
from .schema import slugify as ascii_slugify
from .validate import VOCABULARIES_FILE, load_directory
from .yaml_edit import EditRefused, Folded, Literal, append_entry, entries, scalar, set_field

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
LookUp = Callable[[str], "tuple[float, float] | None"]


@dataclass
class Applied:
    """What became of an issue: the problems (why it was refused, or what validate found after the
    change), what was written in a few words (None: nothing), and the pull request's text."""

    problems: list[Problem]
    written: str | None
    pr_body: str


@dataclass
class _Draft:
    """The change being made, and what the reviewer needs to know about it."""

    form: IssueForm
    values: dict[str, Any] = field(default_factory=dict)  # dotted YAML field -> value
    for_reviewer: list[tuple[str, str]] = field(default_factory=list)  # (label, answer) stored nowhere
    to_do: list[str] = field(default_factory=list)  # what the reviewer still has to do, in words
    why: list[str] = field(default_factory=list)  # why a value was set, for the pull request's first lines


def apply_issue(root: Path, form_name: str, body: str, body_name: str, today: date,
                issue: int | None = None, look_up: LookUp | None = None, answered: date | None = None) -> Applied:
    """`answered`: the day the issue was opened (default `today`), which an answer about a group sets
    its last_verified to."""
    form = ISSUE_FORMS[form_name]
    forms_dir = root / FORMS_DIR if (root / FORMS_DIR).is_dir() else Path(__file__).resolve().parent.parent / FORMS_DIR
    answers, problems = read_answers(form_fields(forms_dir / f"{form_name}.yml"), body, body_name)
    if problems:
        return Applied(problems, None, _pr_body(None, issue, [], problems, refused=True))
    draft = _draft(form, answers, root, look_up)
    path = root / form.data_file
    try:
        text = path.open(encoding="utf-8", newline="").read()  # newline="": CRLF files stay CRLF
    except (OSError, UnicodeDecodeError) as error:
        return _refusal(Problem(form.data_file, 1, 1, "", f"cannot be read ({error}); run validate and fix it first"),
                        issue, draft)
    try:
        if "id" in form.fields.values():  # the form names an entry to change
            new_text, written = _change_group(text, draft, answers, body_name, answered or today)
        else:
            new_text, written = _add_entry(text, draft, answers, body_name, today)
    except _Refused as refused:
        return _refusal(refused.problem, issue, draft)
    except EditRefused as refused:
        return _refusal(Problem(form.data_file, 1, 1, "", str(refused)), issue, draft)
    if new_text != text:
        path.write_text(new_text, encoding="utf-8", newline="")
    problems = load_directory(root, today).problems
    summary = written if new_text != text else None
    return Applied(problems, summary, _pr_body(summary, issue, draft.for_reviewer, problems, False, draft.to_do,
                                               draft.why))


def _refusal(problem: Problem, issue: int | None, draft: _Draft) -> Applied:
    return Applied([problem], None, _pr_body(None, issue, draft.for_reviewer, [problem], refused=True))


class _Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


# --------------------------------------------------------------------------- form answers -> values


def _draft(form: IssueForm, answers: dict[str, Answer], root: Path, look_up: LookUp | None) -> _Draft:
    draft = _Draft(form)
    vocabularies = _vocabularies(root)
    for field_id, target in form.fields.items():
        answer = answers[field_id]
        if target is None:
            shown = ", ".join(answer.ticked) if answer.field.type == "checkboxes" else answer.text
            draft.for_reviewer.append((answer.field.label, shown or "(no answer)"))
            continue
        value = _value(answer, _kind(form.record, target), vocabularies)
        if value is not None:
            draft.values[target] = value
    _where(draft, look_up)
    if "schedule" in draft.values and not isinstance(draft.values["schedule"], list):
        draft.values["schedule_note"] = draft.values.pop("schedule")
        draft.to_do.append("When it meets is in `schedule_note`, in the suggester's words: write it as "
                           "`schedule:` entries (day, start, end) if it is regular.")
    return draft


def _kind(record: type, dotted: str) -> Kind:
    model, kind = record, None
    for name in dotted.split("."):
        kind = next(f.metadata["kind"] for f in dataclasses.fields(model) if f.name == name)
        model = kind.model if isinstance(kind, Nested) else model
    assert kind is not None
    return kind


def _value(answer: Answer, kind: Kind, vocabularies: dict[str, dict[str, str]]) -> Any:
    text = answer.text
    if isinstance(kind, ListOf):
        items = list(answer.ticked) if answer.field.type == "checkboxes" else _list_items(text)
        if isinstance(kind.item, Nested) and kind.item.model is Meeting:
            return _meetings(text) if text else None
        if isinstance(kind.item, Ref):
            items = [_match(item, vocabularies.get(kind.item.target, {})) for item in items]
        return list(dict.fromkeys(items)) or None
    if not text:
        return None
    if isinstance(kind, Ref):
        return _match(text, vocabularies.get(kind.target, {}))
    if isinstance(kind, Boolean):
        return True if text.strip().lower() == "true" else None  # false is the default, left out
    if isinstance(kind, LocalDateTime):
        return re.sub(r"^(\d{4}-\d{2}-\d{2})[ T]+(\d{1,2}:\d{2})$", r"\1T\2", text.strip())
    if isinstance(kind, Postcode):
        match = Postcode.pattern.match(text.strip().upper())
        return f"{match[1]} {match[2]}" if match else text
    if isinstance(kind, Text) and kind.multiline:
        return Literal(text) if "\n" in text else Folded(text)
    if answer.field.type == "textarea":
        return _one_line(text)
    return text


def _list_items(text: str) -> list[str]:
    items = (re.sub(r"^\s*[-*•]\s+", "", item).strip() for item in re.split(r"[,;\n]", text))
    return [item for item in items if item]


def _key(text: str) -> str:
    return slugify(text).removesuffix("s")


def _match(text: str, known: dict[str, str]) -> str:
    """The id of a term written as its id or its name (any case, singular or plural); as written if none."""
    return known.get(_key(text), text.strip())


def _vocabularies(root: Path) -> dict[str, dict[str, str]]:
    """Each list of support_types.yaml (and the groups), keyed by its ids' and names' `_key`."""
    try:
        data = yaml.load((root / VOCABULARIES_FILE).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        groups = yaml.load((root / "groups.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, yaml.YAMLError):
        return {}  # validate reports it; nothing is matched
    lists = {**(data if isinstance(data, dict) else {}), "groups": (groups or {}).get("groups", [])}
    known: dict[str, dict[str, str]] = {}
    for name, terms in lists.items():
        if isinstance(terms, list):
            known[name] = {_key(str(term.get(key, ""))): term["id"] for term in terms if isinstance(term, dict)
                           and isinstance(term.get("id"), str) for key in ("name", "id")}
    return known


_DAY = "(" + "|".join(DAYS) + ")s?"
_TIMES = r",?\s*(?:from\s+)?(\d{1,2})[:.](\d{2})(?:\s*(?:to|-|–|until)\s*(\d{1,2})[:.](\d{2}))?"
_WEEKLY = re.compile(rf"(?:every|each|on)\s+{_DAY}{_TIMES}", re.I)
_MONTHLY = re.compile(rf"(?:the\s+)?({'|'.join(WEEKS)})\s+{_DAY}\s+of\s+(?:the|each|every)\s+month{_TIMES}", re.I)


def _meetings(text: str) -> list[dict[str, str]] | str:
    """Meetings from sentences such as the form's example ("Every Wednesday, 10:30 to 12:00. First
    Monday of the month, 19:00 to 20:30."); the text on one line if any sentence is not one of those."""
    meetings = []
    for sentence in filter(None, (s.strip() for s in re.split(r"\.(?:\s+|$)|\n|;", text))):
        weekly, monthly = _WEEKLY.fullmatch(sentence), _MONTHLY.fullmatch(sentence)
        if weekly:
            meetings.append(_meeting(weekly[1], weekly.groups()[1:], "weekly"))
        elif monthly:
            meetings.append({**_meeting(monthly[2], monthly.groups()[2:], "monthly"), "week": monthly[1].lower()})
        else:
            return _one_line(text)
    return meetings


def _one_line(text: str) -> str:
    """An answer typed over several lines, for a field of one line: its lines joined by spaces."""
    return " ".join(line.strip() for line in text.split("\n") if line.strip())


def _meeting(day: str, times: tuple[str | None, ...], frequency: str) -> dict[str, str]:
    start_h, start_m, end_h, end_m = times
    meeting = {"day": day.lower(), "start": f"{int(start_h or 0):02}:{start_m}"}
    if end_h:
        meeting["end"] = f"{int(end_h):02}:{end_m}"
    return {**meeting, "frequency": frequency}


# A UK postcode as the last thing in an address. Searched for only in the address's last characters:
# with the commas and spaces before it in the pattern (`[,\s]*\b...`), a search tried every start in a
# run of them, which took quadratic time (60,000 commas: 107 seconds); now it is linear.
_POSTCODE_AT_END = re.compile(r"\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2})\Z")
_LONGEST_POSTCODE = len("SW1A 1AA")


def trailing_postcode(address: str) -> tuple[str, str] | None:
    """(the address without it, the postcode) for an address that ends with a postcode
    (`12 High Street, London, W6 9JU` -> `12 High Street, London`, `W6 9JU`), else None."""
    text = address.rstrip()
    # `\b` looks at the character before the search's start, so a postcode glued to a word is no postcode.
    match = _POSTCODE_AT_END.search(text, max(0, len(text) - _LONGEST_POSTCODE))
    if match is None:
        return None
    before = match.start()
    while before and (text[before - 1] == "," or text[before - 1].isspace()):
        before -= 1
    return text[:before], match[1]


def _where(draft: _Draft, look_up: LookUp | None) -> None:
    """The location's postcode (from the end of the address if it has no field of its own) and, where
    postcodes.io answers, its coordinates; otherwise a to-do saying plainly that they are needed."""
    values = draft.values
    address = values.get("location.address")
    if isinstance(address, str) and "location.postcode" not in values:
        split = trailing_postcode(address)
        if split:
            values["location.postcode"] = _value_of_postcode(split[1])
            values["location.address"] = split[0] or None
            if values["location.address"] is None:
                del values["location.address"]
    if not any(key.startswith("location.") for key in values):
        return
    postcode = values.get("location.postcode")
    postcode = postcode if isinstance(postcode, str) and Postcode.pattern.match(postcode) else None
    found = look_up(postcode) if look_up and postcode else None
    if found:
        values["location.lat"], values["location.lon"] = found
        draft.to_do.append(f"The coordinates are the centre of the postcode {postcode} (from postcodes.io): "
                           "move them to the venue's door if you can.")
    else:
        draft.to_do.append("Coordinates are still needed: add `lat:` and `lon:` under `location:` "
                           + (f"(the centre of the postcode {postcode} will do)." if postcode else
                              "(find the venue on a map)."))
    if "location.address" not in values and draft.form.record is Group:
        draft.to_do.append("There is no street address: if the group meets in someone's home, add "
                           "`approximate: true` under `location:`, so that the site shows only the area.")


def _value_of_postcode(text: str) -> str:
    match = Postcode.pattern.match(text.upper())
    return f"{match[1]} {match[2]}" if match else text


# --------------------------------------------------------------------------- values -> the file


def slugify(text: str) -> str:
    """An id made from a name: accents dropped, lowercase words joined by hyphens, at most MAX_ID_LENGTH."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = ascii_slugify(ascii_text)
    while len(slug) > MAX_ID_LENGTH:
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug[:MAX_ID_LENGTH]
    return slug


def _nested(record: type, values: dict[str, Any]) -> dict[str, Any]:
    """The values as an entry, its fields (and theirs) in the order the model declares them."""
    entry: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if f.name in values:
            entry[f.name] = values[f.name]
        prefix = f.name + "."
        inner = {key.removeprefix(prefix): value for key, value in values.items() if key.startswith(prefix)}
        if inner and isinstance(f.metadata.get("kind"), Nested):
            entry[f.name] = _nested(f.metadata["kind"].model, inner)
    return entry


def _add_entry(text: str, draft: _Draft, answers: dict[str, Answer], body_name: str,
               today: date) -> tuple[str, str]:
    form = draft.form
    list_name = form.data_file.removesuffix(".yaml")
    name_field = "name" if form.record is Group else "title"
    name_answer = answers[next(k for k, v in form.fields.items() if v == name_field)]
    taken = {scalar(item, "id"): item.start_mark.line + 1 for item in entries(text, form.data_file, list_name)}
    ident = slugify(name_answer.text)
    if not ident:
        raise _refused(name_answer, body_name, "no id can be made from it (it needs some letters A to Z or "
                       "digits); add the entry by hand with an id of your choice")
    start = draft.values.get("start")
    if ident in taken and form.record is not Group and isinstance(start, str) and re.match(r"\d{4}-\d\d-\d\d", start):
        ident = f"{ident}-{start[:10]}"
    if ident in taken:
        what = ("if it is the same group, use the form to report a change instead; if not, edit the name "
                "so that it differs" if form.record is Group else "edit the title so that it differs")
        raise _refused(name_answer, body_name, f"makes the id `{ident}`, which {form.data_file} already has "
                       f"(line {taken[ident]}): {what}")
    values = {"id": ident, **draft.values}
    if form.record is Group:
        values |= {"last_verified": today, "status": "active"}
        draft.to_do.append(f"`last_verified` is the day of the import, {today.isoformat()}: "
                           "change it if the details were checked with the group on another day.")
    entry = _nested(form.record, values)
    return append_entry(text, form.data_file, list_name, entry), f"`{ident}` added to {form.data_file}"


def _change_group(text: str, draft: _Draft, answers: dict[str, Answer], body_name: str,
                  answered: date) -> tuple[str, str]:
    items = entries(text, "groups.yaml", "groups")
    ids = [scalar(item, "id") for item in items]
    wanted = draft.values.get("id", "")
    id_answer = answers[next(k for k, v in draft.form.fields.items() if v == "id")]
    if not wanted:
        raise _refused(id_answer, body_name, "is empty; write the last part of the group page's address")
    if wanted not in ids:
        raise _refused(id_answer, body_name, f"`{wanted}` is not the id of a group in groups.yaml"
                       f"{did_you_mean(wanted, [i for i in ids if i])}; write the last part of the group "
                       "page's address")
    index = ids.index(wanted)
    order = [f.name for f in dataclasses.fields(Group)]
    changed = []
    for key in ("status", "alert"):
        new = draft.values.get(key)
        old = scalar(items[index], key) or ("active" if key == "status" else None)
        if new is not None and new != old:
            text = set_field(text, "groups.yaml", "groups", index, key, new, tuple(order[:order.index(key)]))
            changed.append(key)
    if draft.form.sets_last_verified:
        text, dated = _set_last_verified(text, index, draft, answers, answered, order)
        changed += ["last_verified"] if dated else []
    return text, f"{_and(f'`{c}`' for c in changed)} of `{wanted}` changed in groups.yaml"


def _set_last_verified(text: str, index: int, draft: _Draft, answers: dict[str, Answer], answered: date,
                       order: list[str]) -> tuple[str, bool]:
    """The file with the group's last_verified set to the day of the answer (and whether it changed), and
    why, for the pull request.

    A report or a confirmation is news of the group on that day. An answer that confirms everything
    (NOTHING_CHANGED) changes nothing else; any other leaves changes for the reviewer to make, which
    the new date vouches for, so the old date is named for putting back if they cannot be checked."""
    old_text = scalar(entries(text, "groups.yaml", "groups")[index], "last_verified") or ""
    try:
        old = date.fromisoformat(old_text)
    except ValueError:
        old = None  # validate reports it; the answer's day replaces it
    confirmed = answers.get("still_right") is not None and answers["still_right"].text == NOTHING_CHANGED
    if old is not None and old >= answered:
        draft.why.append(f"`last_verified` stays {old.isoformat()}: the details were checked on that day, "
                         f"no earlier than this {'answer' if confirmed else 'report'} ({answered.isoformat()}).")
        return text, False
    text = set_field(text, "groups.yaml", "groups", index, "last_verified", answered,
                     tuple(order[:order.index("last_verified")]))
    if confirmed:
        draft.why.append(f"`last_verified` is now {answered.isoformat()}, the day the group answered that its "
                         "details are still right; nothing else changes.")
    else:
        draft.why.append(f"`last_verified` is now {answered.isoformat()}, the day of this report about the group.")
        draft.to_do.append("Make the changes described below in groups.yaml on this branch: the new `last_verified` "
                           "says the details were checked that day"
                           + (f"; if they could not be checked with the group, put back {old.isoformat()}." if old
                              else "."))
    return text, True


def _and(words: Iterable[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    listed = list(words)
    return ", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else "".join(listed)


def _refused(answer: Answer, body_name: str, message: str) -> _Refused:
    return _Refused(Problem(body_name, answer.line, 1, answer.field.label, message))


# --------------------------------------------------------------------------- the pull request's text


def _pr_body(written: str | None, issue: int | None, for_reviewer: list[tuple[str, str]],
             problems: list[Problem], refused: bool, to_do: list[str] | None = None,
             why: list[str] | None = None) -> str:
    source = f" from #{issue}" if issue else ""
    if refused:
        lines = [f"Nothing was changed{source}: the issue cannot be applied as it is.", ""]
    elif written:
        lines = [f"{written}{source}. Review it before merging.", ""]
    else:
        lines = [f"Nothing in the data files needed changing{source}; any change described below is to be "
                 "made by hand.", ""]
    if why and not refused:
        lines += [*why, ""]
    if issue and not refused:
        lines += [f"Closes #{issue}", ""]
    if not refused:  # each problem the checks found is one more thing to do, with its line and field
        to_do = [*(to_do or []), *(f"Fix {inert_markdown(problem.as_text())}" for problem in problems)]
    if to_do:
        lines += ["### Still to do before merging", "", *(f"- {item}" for item in to_do), ""]
    if problems and refused:
        lines += ["### Why", "", fenced(format_problems(problems)), ""]
    if for_reviewer:
        lines += ["### For the reviewer (not copied into the data)", ""]
        for label, answer in for_reviewer:
            lines += [f"{label}:", "", fenced(answer), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
