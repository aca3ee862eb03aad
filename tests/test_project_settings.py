"""The directory's settings in mkdocs.yml (project_settings.py): read alike with and without MkDocs,
and every wrong value reported at its line and column, like a mistake in the data."""

from __future__ import annotations

from pathlib import Path

from peerdir.project_settings import Freshness, read_project_settings

from .conftest import TODAY, run_cli


def test_the_sample_sets_an_example_corrections_address_and_the_default_thresholds() -> None:
    settings, problems = read_project_settings(Path(__file__).resolve().parent.parent)
    assert problems == []
    assert settings.corrections_email == "corrections@example.org"
    assert settings.freshness == Freshness(stale_after_months=12, list_last_after_months=0,
                                           check_in_after_months=11, check_ins_per_run=10)
    assert settings.site_url == "https://example.github.io/peer-support/"


def _set(project: Path, old: str, new: str) -> None:
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_wrong_setting_is_reported_at_its_line_by_validate_and_by_a_build(sample_project: Path) -> None:
    _set(sample_project, "stale_after_months: 12", "stale_after_months: twelve")
    _set(sample_project, "check_ins_per_run: 10", "check_ins_per_run: 0")
    _set(sample_project, "corrections_email: corrections@example.org", "corrections_email: not an address")
    lines = (sample_project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line_of = {name: next(n for n, text in enumerate(lines, 1) if text.strip().startswith(name + ":"))
               for name in ("stale_after_months", "check_ins_per_run", "corrections_email")}
    result = run_cli("--root", str(sample_project), "validate", "--today", TODAY)
    assert result.code == 1
    assert result.stdout.splitlines() == [
        f"mkdocs.yml:{line_of['corrections_email']}:26: plugins.peerdir.corrections_email: `not an address` is not "
        "an e-mail address (an email address must have an @-sign): write it like name@example.org",
        f"mkdocs.yml:{line_of['stale_after_months']}:27: plugins.peerdir.stale_after_months: `twelve` is not a number "
        "of months from 1 to 120: write a whole number, e.g. 12",
        f"mkdocs.yml:{line_of['check_ins_per_run']}:26: plugins.peerdir.check_ins_per_run: `0` is not a number from 1 "
        "to 100: write a whole number, e.g. 10",
    ]
    build = run_cli("--root", str(sample_project), "build", "--today", TODAY)
    assert build.code == 1 and "plugins.peerdir.stale_after_months" in build.stderr
    assert "Traceback" not in build.stderr and not (sample_project / "site").exists()


def test_a_check_in_after_the_listing_is_stale_is_refused(sample_project: Path) -> None:
    _set(sample_project, "check_in_after_months: 11", "check_in_after_months: 12")
    result = run_cli("--root", str(sample_project), "validate", "--today", TODAY)
    assert result.code == 1
    assert result.stdout.endswith(
        "plugins.peerdir.check_in_after_months: 12 is not less than stale_after_months (12): ask groups "
        "before the site calls their details out of date\n")


def test_the_stale_threshold_decides_what_the_report_lists(sample_project: Path) -> None:
    before = run_cli("--root", str(sample_project), "report", "--today", TODAY)
    _set(sample_project, "stale_after_months: 12", "stale_after_months: 2")
    _set(sample_project, "check_in_after_months: 11", "check_in_after_months: 1")
    after = run_cli("--root", str(sample_project), "report", "--today", TODAY)
    assert before.code == after.code == 0
    stale_before = [line for line in before.stdout.splitlines() if "last_verified" in line]
    stale_after = [line for line in after.stdout.splitlines() if "last_verified" in line]
    assert len(stale_after) > len(stale_before)
