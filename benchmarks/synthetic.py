"""Synthetic directory data of any size, valid against the data contract, for benchmarks.

    .venv/bin/python benchmarks/synthetic.py OUT_DIR --groups 5000 [--events 500] [--seed 1] [--varied-text]

writes `groups.yaml`, `events.yaml` and `support_types.yaml` into OUT_DIR:

- N groups across London boroughs and UK cities (and national ones with no meeting place),
  with names, summaries and venues about as long as the real ones, one to three types of
  support, audiences, topics, formats, weekly / fortnightly / monthly schedules, and a few
  groups that meet in a home (approximate), are temporarily closed or closed;
- N/10 events (unless told otherwise), some linked to a group, some online, some with the
  date to be confirmed.

With `--varied-text`, every group's summary and description are prose of their own, made from the
words of the project's pages about peer support (as real data, they compress as real text does).

The same seed always gives the same files. From Python: `write_synthetic_data(folder, 5000)`,
or `write_synthetic_project(folder, 5000)` for a whole site project to build (this repository's
mkdocs.yml, content/ and overrides/ with the synthetic data). The data is checked with the
project's own loader before either function returns.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from peerdir.models import DAYS, WEEKS  # noqa: E402
from peerdir.validate import load_directory  # noqa: E402

DEFAULT_TODAY = date(2026, 11, 23)

# (id, name, latitude, longitude, outward codes): where in-person groups meet.
AREAS = [
    ("camden", "Camden", 51.5450, -0.1630, ["NW1", "NW3", "NW5", "NW6", "WC1"]),
    ("islington", "Islington", 51.5410, -0.1030, ["N1", "N5", "N7", "N19", "EC1"]),
    ("hackney", "Hackney", 51.5500, -0.0600, ["E2", "E5", "E8", "E9", "N16"]),
    ("tower-hamlets", "Tower Hamlets", 51.5200, -0.0300, ["E1", "E3", "E14"]),
    ("westminster", "Westminster", 51.5130, -0.1500, ["W1", "W2", "W9", "SW1"]),
    ("kensington-and-chelsea", "Kensington and Chelsea", 51.5000, -0.1900, ["W8", "W10", "W11", "SW3", "SW10"]),
    ("hammersmith-and-fulham", "Hammersmith and Fulham", 51.4920, -0.2230, ["W6", "W12", "W14", "SW6"]),
    ("lambeth", "Lambeth", 51.4600, -0.1200, ["SE11", "SW2", "SW4", "SW9", "SE27"]),
    ("southwark", "Southwark", 51.4700, -0.0750, ["SE1", "SE5", "SE15", "SE22"]),
    ("wandsworth", "Wandsworth", 51.4550, -0.1900, ["SW11", "SW12", "SW17", "SW18"]),
    ("lewisham", "Lewisham", 51.4450, -0.0200, ["SE4", "SE6", "SE13", "SE23"]),
    ("newham", "Newham", 51.5300, 0.0300, ["E6", "E7", "E13", "E15"]),
    ("brent", "Brent", 51.5580, -0.2700, ["NW10", "HA0", "HA9"]),
    ("ealing", "Ealing", 51.5130, -0.3080, ["W5", "W7", "W13", "UB1"]),
    ("haringey", "Haringey", 51.5900, -0.1100, ["N8", "N15", "N17", "N22"]),
    ("croydon", "Croydon", 51.3720, -0.1000, ["CR0", "CR2", "CR7"]),
    ("manchester", "Manchester", 53.4800, -2.2400, ["M1", "M4", "M13", "M14", "M20"]),
    ("birmingham", "Birmingham", 52.4800, -1.9000, ["B1", "B5", "B12", "B29"]),
    ("leeds", "Leeds", 53.8000, -1.5500, ["LS1", "LS6", "LS7", "LS11"]),
    ("bristol", "Bristol", 51.4550, -2.5900, ["BS1", "BS3", "BS5", "BS7"]),
    ("liverpool", "Liverpool", 53.4100, -2.9800, ["L1", "L8", "L15", "L17"]),
    ("sheffield", "Sheffield", 53.3800, -1.4700, ["S1", "S2", "S10", "S11"]),
    ("newcastle", "Newcastle upon Tyne", 54.9780, -1.6100, ["NE1", "NE2", "NE4", "NE6"]),
    ("nottingham", "Nottingham", 52.9500, -1.1500, ["NG1", "NG5", "NG7"]),
    ("leicester", "Leicester", 52.6370, -1.1300, ["LE1", "LE2", "LE3"]),
    ("brighton", "Brighton and Hove", 50.8250, -0.1400, ["BN1", "BN2", "BN3"]),
    ("plymouth", "Plymouth", 50.3750, -4.1400, ["PL1", "PL4", "PL6"]),
    ("cardiff", "Cardiff", 51.4820, -3.1800, ["CF10", "CF11", "CF24"]),
    ("glasgow", "Glasgow", 55.8600, -4.2500, ["G1", "G3", "G12", "G41"]),
    ("edinburgh", "Edinburgh", 55.9500, -3.1900, ["EH1", "EH6", "EH7", "EH11"]),
    ("belfast", "Belfast", 54.5970, -5.9300, ["BT1", "BT7", "BT9"]),
]
NATIONAL = ("national", "National (UK-wide)")

SUPPORT_TYPES = [
    ("one-to-one", "1 to 1 peer support", "delivery"), ("peer-support-groups", "Peer support groups", "delivery"),
    ("facilitated", "Facilitated", "structure"), ("peer-facilitated", "Peer-facilitated", "structure"),
    ("peer-led", "Peer-led", "structure"), ("peer-support", "Peer support", "role"),
    ("coaching", "Peer coaching", "role"), ("mentoring", "Peer mentoring", "role"),
    ("advocacy", "Peer advocacy", "role"), ("brokerage", "Peer brokerage", "role"),
    ("training", "Peer training", "other-role"), ("research", "Peer research", "other-role"),
    ("co-production", "Co-production", "other-role"),
]
AUDIENCES = [
    ("parents-and-carers", "All parents and carers"), ("mothers", "Mothers"),
    ("dads-and-male-carers", "Dads and male carers"), ("adoptive-families", "Adoptive families"),
    ("single-parents", "Single parents"), ("bereaved-parents", "Bereaved parents"),
    ("black-and-minority-ethnic-families", "Black and minority ethnic families"),
    ("parent-carers-of-disabled-children", "Parent carers of disabled children"),
    ("kinship-carers", "Kinship carers and grandparents"), ("foster-carers", "Foster carers"),
]
TOPICS = [
    ("child-mental-health", "A child with mental health difficulties"),
    ("parental-mental-health", "Parenting with mental health difficulties"),
    ("perinatal-mental-health", "Perinatal mental health"), ("disability", "A child with a disability"),
    ("autism-and-adhd", "Autism and ADHD"), ("eating-disorders", "Eating disorders"),
    ("self-harm", "Self-harm"), ("school-attendance", "School attendance and exclusion"),
    ("single-parenting", "Single parenting"), ("losing-a-child", "Losing a child"),
    ("parenting-teenagers", "Parenting teenagers"), ("substance-use", "Drugs and alcohol in the family"),
]

GROUP_KINDS = ["Parents' Group", "Parent Carers Forum", "Dads' Group", "Mums' Circle", "Family Support Group",
               "Peer Support Network", "Coffee Morning", "Parents' Drop-in", "Carers' Café", "Support Circle"]
ORGANISATIONS = ["Family Action", "Parents Together", "Young Minds Network", "Carers Trust", "Home-Start",
                 "Mind in the Community", "Family Lives", "Contact", "The Parents' Place", None, None]
VENUES = ["Community Centre", "Library", "Methodist Church Hall", "Family Hub", "Children's Centre",
          "Quaker Meeting House", "Neighbourhood Centre", "Youth Centre", "Town Hall", "Baptist Church"]
STREETS = ["High Street", "Church Road", "Station Road", "Park Lane", "Victoria Road", "Green Lane", "Mill Road"]
SUMMARY_OPENINGS = [
    "A friendly group where parents and carers of children with mental health difficulties support each other",
    "Parent volunteers who have been there themselves offer a listening ear",
    "A peer-led space for parents and carers to share what has helped",
    "Meet other parents going through something similar",
    "Trained parent peer supporters offer one-to-one support",
    "A warm group run by parent carers, for parents and carers of children and young people with anxiety or depression",
]
SUMMARY_ENDINGS = [
    ", with tea, a chat and no judgement.",
    " over a cup of tea while the children play.",
    ", with a facilitator and guest speakers once a month.",
    ", in person and in a lively online chat between meetings.",
    ". You can come along without a referral.",
    ", and help you find your way through local services, schools and appointments.",
]
EVENT_KINDS = ["Coffee morning", "Information evening", "Workshop: talking with teenagers", "Peer worker network meeting",
               "Family fun day", "Carers' wellbeing session", "Webinar: getting support at school"]


@dataclass(frozen=True)
class SyntheticData:
    folder: Path
    groups: int
    events: int


def write_synthetic_data(folder: Path, groups: int, events: int | None = None, seed: int = 1,
                         today: date = DEFAULT_TODAY, varied_text: bool = False) -> SyntheticData:
    """Write the three data files for `groups` groups (and `events`, N/10 by default) into `folder`.

    With `varied_text`, every group's summary and description are prose of their own (Prose), as
    in the real data, instead of a few fixed sentences that compress far better than real text
    (what gzip makes of the site is measured with it: benchmarks/page_weight.py). Everything else
    is the same as without it."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    event_count = groups // 10 if events is None else events
    group_records = [_group(rng, index, today) for index in range(groups)]
    if varied_text:
        prose = Prose(random.Random(seed))
        for group in group_records:
            group["summary"], group["description"] = prose.summary(), prose.description()
    event_records = [_event(rng, index, today, group_records) for index in range(event_count)]
    _write(folder / "support_types.yaml", _vocabularies())
    _write(folder / "groups.yaml", {"groups": group_records})
    _write(folder / "events.yaml", {"events": event_records})
    result = load_directory(folder, today)
    if result.problems:  # a generator that writes invalid data would measure the wrong thing
        raise ValueError("synthetic data is invalid:\n" + "\n".join(str(p) for p in result.problems[:10]))
    return SyntheticData(folder, groups, event_count)


def write_synthetic_project(folder: Path, groups: int, events: int | None = None, seed: int = 1,
                            today: date = DEFAULT_TODAY, varied_text: bool = False) -> SyntheticData:
    """This repository's site project with synthetic data: ready for `build.py --root folder build`.

    The newsletter issues are left out: they are written about the real groups and name them."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", folder / "overrides", dirs_exist_ok=True)
    shutil.copytree(ROOT / "content", folder / "content", dirs_exist_ok=True,
                    ignore=lambda where, names: names if Path(where).name == "newsletter" else [])
    return write_synthetic_data(folder, groups, events, seed, today, varied_text)


class Prose:
    """Sentences that read like the project's own writing about peer support: each word follows one
    that it follows somewhere in content/about-peer-support/ or the sample newsletter issue (a
    Markov chain of words), so the vocabulary and how well it compresses are those of real text."""

    SOURCES = ("content/about-peer-support/*.md", "content/newsletter/*.md")

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        words: list[str] = []
        for pattern in self.SOURCES:
            for file in sorted(ROOT.glob(pattern)):
                words += re.findall(r"[A-Za-z][A-Za-z'’-]*[.,]?", _plain_text(file.read_text(encoding="utf-8")))
        self.follows: dict[str, list[str]] = {}
        for word, following in zip(words, words[1:], strict=False):
            self.follows.setdefault(word, []).append(following)
        self.starts = [w for previous, w in zip(words, words[1:], strict=False)
                       if previous.endswith(".") and w[0].isupper() and w in self.follows]

    def sentence(self, longest: int) -> str:
        """One sentence of at most `longest` characters, ending with a full stop."""
        word = self.rng.choice(self.starts)
        text = word
        while not word.endswith(".") and word in self.follows:
            word = self.rng.choice(self.follows[word])
            if len(text) + len(word) + 2 > longest:
                break
            text += " " + word
        return text.rstrip(".,") + "."

    def text(self, shortest: int, longest: int) -> str:
        """Sentences until the text is at least about `shortest` characters long, never over `longest`."""
        text = self.sentence(longest)
        while len(text) < shortest and longest - len(text) > 30:
            text += " " + self.sentence(longest - len(text) - 1)
        return text

    def summary(self) -> str:  # as long as the sample data's: 140 characters on average, at most 200
        return self.text(self.rng.randint(80, 140), 190)

    def description(self) -> str:  # the sample data's are about 330 characters long
        return self.text(self.rng.randint(180, 340), 460)


def _plain_text(markdown: str) -> str:
    """The words of a Markdown page: no front matter, comments, link targets or markup."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"[*_\[\]#>|`]", " ", text)


def _vocabularies() -> dict[str, Any]:
    return {
        "support_types": [{"id": i, "name": n, "kind": k, "description": f"{n}: a kind of peer support."}
                          for i, n, k in SUPPORT_TYPES],
        "audiences": [{"id": i, "name": n} for i, n in AUDIENCES],
        "topics": [{"id": i, "name": n} for i, n in TOPICS],
        "areas": [_area(a) for a in AREAS] + [{"id": NATIONAL[0], "name": NATIONAL[1],
                                               "description": "Open to anyone in the UK.",
                                               "centre": {"lat": 54.0, "lon": -2.5}, "radius_km": 800}],
    }


def _area(area: tuple[str, str, float, float, list[str]]) -> dict[str, Any]:
    """An area whose radius is seven times the spread of its venues: none falls outside it (chance 1 in 10^10)."""
    ident, name, lat, lon, _ = area
    return {"id": ident, "name": name, "centre": {"lat": lat, "lon": lon},
            "radius_km": round(_spread(lat, lon) * KM_PER_DEGREE * 7)}


KM_PER_DEGREE = 111.2  # of latitude


def _spread(lat: float, lon: float) -> float:
    """How far, in degrees of latitude (one standard deviation), venues lie from their area's centre."""
    return 0.02 if lat < 51.8 and lon > -0.6 else 0.04  # London boroughs are small


def _group(rng: random.Random, index: int, today: date) -> dict[str, Any]:
    in_person = rng.random() < 0.75
    area = rng.choice(AREAS) if in_person or rng.random() < 0.3 else None
    place = area[1] if area else rng.choice(["UK", "National", "Online"])
    name = f"{place} {rng.choice(GROUP_KINDS)}"
    if rng.random() < 0.3:
        name += f" {rng.choice(['North', 'South', 'East', 'West', 'Central'])}"
    group: dict[str, Any] = {
        "id": f"{_slug(name)}-{index}",
        "name": name,
        "summary": _summary(rng),
        "support_types": rng.sample([s[0] for s in SUPPORT_TYPES], rng.randint(1, 3)),
        "audiences": rng.sample([a[0] for a in AUDIENCES], rng.randint(0, 2)),
        "topics": rng.sample([t[0] for t in TOPICS], rng.randint(1, 3)),
    }
    organisation = rng.choice(ORGANISATIONS)
    if organisation:
        group["organisation"] = organisation
    if rng.random() < 0.3:
        group["description"] = ("We meet to share experiences and ideas. **Everyone is welcome**, "
                                "and you can [read more on our website](https://example.org/about).")
    if in_person:
        group["formats"] = ["in-person"] + (["online"] if rng.random() < 0.3 else [])
    else:
        group["formats"] = rng.sample(["online", "phone", "email", "social-media"], rng.randint(1, 3))
    group["area"] = area[0] if area else NATIONAL[0]
    if in_person and area:
        group["location"] = _location(rng, area)
    schedule = _schedule(rng)
    if schedule:
        group["schedule"] = schedule
    else:
        group["schedule_note"] = "Get in touch for the next date."
    group["contact"] = _contact(rng, index, group["formats"])
    group["cost"] = "Free"
    group["last_verified"] = (today - timedelta(days=rng.randint(0, 420))).isoformat()
    roll = rng.random()
    group["status"] = "closed" if roll < 0.02 else "temporarily-closed" if roll < 0.05 else "active"
    return group


def _summary(rng: random.Random) -> str:
    summary = rng.choice(SUMMARY_OPENINGS) + rng.choice(SUMMARY_ENDINGS)
    longer = summary[:-1] + ", and a monthly newsletter."
    return longer if rng.random() < 0.4 and len(longer) <= 200 else summary


def _location(rng: random.Random, area: tuple[str, str, float, float, list[str]]) -> dict[str, Any]:
    _, name, lat, lon, outward_codes = area
    spread = _spread(lat, lon)
    location: dict[str, Any] = {
        "lat": round(lat + rng.gauss(0, spread), 5),
        "lon": round(lon + rng.gauss(0, spread * 1.6), 5),
    }
    if rng.random() < 0.05:  # meets in someone's home: no venue, no address
        location["name"] = "A member's home"
        location["approximate"] = True
        return location
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    location["name"] = f"{name.split()[0]} {rng.choice(VENUES)}"
    location["address"] = f"{rng.randint(1, 250)} {rng.choice(STREETS)}, {name.split(' and ')[0]}"
    location["postcode"] = f"{rng.choice(outward_codes)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    return {key: location[key] for key in ("name", "address", "postcode", "lat", "lon")}


def _schedule(rng: random.Random) -> list[dict[str, Any]]:
    count = rng.choices([0, 1, 2], weights=[15, 70, 15])[0]
    meetings = []
    for day in rng.sample(DAYS, count):
        start = rng.choice(["09:30", "10:00", "10:30", "13:00", "18:30", "19:00", "19:30"])
        hour, minute = int(start[:2]), start[3:]
        meeting: dict[str, Any] = {"day": day, "start": start, "end": f"{hour + 2:02d}:{minute}"}
        frequency = rng.choices(["weekly", "fortnightly", "monthly"], weights=[6, 2, 2])[0]
        meeting["frequency"] = frequency
        if frequency == "monthly":
            meeting["week"] = rng.choice(WEEKS)
        elif frequency == "fortnightly":
            first = date(2026, 1, 5) + timedelta(days=DAYS.index(day))
            meeting["starting"] = first.isoformat()
        if rng.random() < 0.1:
            meeting["note"] = "Term time only"
        meetings.append(meeting)
    return meetings


def _contact(rng: random.Random, index: int, formats: list[str]) -> dict[str, Any]:
    """A website, and a phone number and an e-mail address for some: always for a group that meets that way."""
    contact: dict[str, Any] = {"website": f"https://groups.example.org/{index}"}
    if rng.random() < 0.6 or "phone" in formats:
        contact["phone"] = f"020 7946 {rng.randint(0, 9999):04d}"
    if rng.random() < 0.5 or "email" in formats:
        contact["email"] = f"group{index}@example.org"
    return contact


def _event(rng: random.Random, index: int, today: date, groups: list[dict[str, Any]]) -> dict[str, Any]:
    group = rng.choice(groups)
    event: dict[str, Any] = {
        "id": f"event-{index}",
        "title": rng.choice(EVENT_KINDS),
        "who_for": "Parents and carers",
    }
    if rng.random() < 0.05:
        event["date_to_be_confirmed"] = True
    else:
        start = datetime(today.year, today.month, today.day, 10) + timedelta(days=rng.randint(-60, 300),
                                                                             hours=rng.choice([0, 3, 8]))
        event["start"] = start.strftime("%Y-%m-%dT%H:%M")
        event["end"] = (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    if "location" in group and not group["location"].get("approximate"):
        event["location"] = dict(group["location"])
    else:
        event["online"] = True
    if rng.random() < 0.7:
        event["group"] = group["id"]
    event["register"] = {"email": f"events{index}@example.org", "note": "Email to book a place"}
    return event


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def _write(path: Path, data: dict[str, Any]) -> None:
    header = "# Synthetic data for benchmarks (benchmarks/synthetic.py); not real groups.\n"
    path.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--events", type=int, default=None, help="default: a tenth of the groups")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project", action="store_true",
                        help="write a whole site project (mkdocs.yml, content/, overrides/) around the data")
    parser.add_argument("--varied-text", action="store_true",
                        help="every group's summary and description prose of its own, as in real data")
    args = parser.parse_args(argv)
    write = write_synthetic_project if args.project else write_synthetic_data
    made = write(args.folder, args.groups, args.events, args.seed, varied_text=args.varied_text)
    print(f"wrote {made.groups} groups and {made.events} events to {made.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
