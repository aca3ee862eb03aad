"""The site engine as a setting (issue 30): the data is checked once per build, and the site builds the
same on MkDocs and on ProperDocs."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from peerdir import cli, validate
from peerdir.engine.commands import build_site

from .conftest import REPO, TODAY, copy_project
from .test_preview import fetch, served, wait_for


def counted_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Each time the data is loaded and checked from here on, its folder."""
    loads: list[Path] = []
    load = validate._load_directory

    def counted(root: Path, *args: object) -> validate.LoadResult:
        loads.append(root)
        return load(root, *args)

    monkeypatch.setattr(validate, "_load_directory", counted)
    return loads


def test_a_build_checks_the_data_once(small_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`build.py build` has checked the data before it builds, and the plugin takes it as checked."""
    loads = counted_loads(monkeypatch)
    assert cli.main(["--root", str(small_project), "build", "--today", TODAY]) == 0
    assert len(loads) == 1
    assert (small_project / "site" / "groups" / "index.html").is_file()


def test_the_preview_takes_the_data_checked_before_its_first_build_and_checks_it_for_each_rebuild(
        small_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`build.py serve` checks the data before it starts (to say what is wrong in the terminal), and
    hands it to the first build, as `serve_site` does; each rebuild after an edit checks it again."""
    from mkdocs.config import load_config

    from peerdir.engine.plugin import PLUGIN_NAME, DirectoryPlugin

    loads = counted_loads(monkeypatch)
    checked = validate.load_directory(small_project, date.fromisoformat(TODAY)).directory
    monkeypatch.setattr(DirectoryPlugin, "handed_to_preview", checked)  # what serve_site does before MkDocs starts
    config = load_config(str(small_project / "mkdocs.yml"))
    plugin = config.plugins[PLUGIN_NAME]
    plugin.config.today = TODAY
    plugin.on_config(config)  # the first build
    assert len(loads) == 1 and plugin.directory is not None
    assert DirectoryPlugin.handed_to_preview is None  # handed over once
    plugin.on_config(config)  # a rebuild
    assert len(loads) == 2


def test_a_build_without_data_handed_over_checks_it_itself(small_project: Path) -> None:
    """A plain `mkdocs build` (here: build_site without the data) still refuses bad data."""
    groups = small_project / "groups.yaml"
    groups.write_text(groups.read_text(encoding="utf-8").replace("lat: 51.", "lat: 151.", 1), encoding="utf-8")
    assert not build_site(small_project, small_project / "site", date.fromisoformat(TODAY))
    assert not (small_project / "site").exists()


# ---------------------------------------------------------------- ProperDocs, a second engine

PROPERDOCS_PYTHON = REPO / ".venv-properdocs" / "bin" / "python"  # made by `make properdocs`, without MkDocs
GENERATOR = re.compile(rb'<meta content="([^"]*)" name=generator>')


def run_in(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(python), str(REPO / "build.py"), *args], capture_output=True, text=True,
                          cwd=REPO, timeout=600)


def test_the_properdocs_environment_has_properdocs_and_no_mkdocs() -> None:
    assert PROPERDOCS_PYTHON.exists(), "no .venv-properdocs: run make properdocs (make test does)"
    found = subprocess.run([str(PROPERDOCS_PYTHON), "-c", "import importlib.util as u; "
                            "print(u.find_spec('mkdocs') is None, u.find_spec('properdocs') is not None)"],
                           capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["True", "True"]


def test_the_sample_builds_the_same_on_mkdocs_and_on_properdocs(tmp_path: Path) -> None:
    """Byte for byte, every file, apart from the generator tag that names the engine."""
    sites = {}
    for engine, python in (("mkdocs", Path(sys.executable)), ("properdocs", PROPERDOCS_PYTHON)):
        (tmp_path / engine).mkdir()
        project = copy_project(tmp_path / engine)
        result = run_in(python, "--root", str(project), "build", "--today", TODAY, "--engine", engine)
        assert result.returncode == 0, result.stderr
        sites[engine] = project / "site"
    files = {engine: sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
             for engine, site in sites.items()}
    assert files["mkdocs"] == files["properdocs"]
    assert len(files["mkdocs"]) > 100 and "pagefind/pagefind.js" in files["mkdocs"]
    generators = {"mkdocs": set(), "properdocs": set()}
    for name in files["mkdocs"]:
        contents = {}
        for engine, site in sites.items():
            content = (site / name).read_bytes()
            generators[engine].update(GENERATOR.findall(content))
            contents[engine] = GENERATOR.sub(b"<meta name=generator>", content)
        assert contents["mkdocs"] == contents["properdocs"], f"{name} differs"
    assert generators["mkdocs"] == {b"mkdocs-1.6.1, mkdocs-material-9.8.1"}
    assert generators["properdocs"] == {b"mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1"}


def test_an_engine_that_is_not_installed_is_named_and_nothing_is_built(small_project: Path) -> None:
    result = run_in(Path(sys.executable), "--root", str(small_project), "build", "--today", TODAY,
                    "--engine", "properdocs")
    assert result.returncode == 1
    assert "ProperDocs is not installed" in result.stderr and ".venv-properdocs" in result.stderr
    assert "Traceback" not in result.stderr and not (small_project / "site").exists()
    result = run_in(PROPERDOCS_PYTHON, "--root", str(small_project), "build", "--today", TODAY)
    assert result.returncode == 1 and "mkdocs is not installed" in result.stderr and "Traceback" not in result.stderr


def test_a_strict_properdocs_build_fails_on_a_warning(small_project: Path) -> None:
    (small_project / "content" / "about.md").write_text("# About\n\n[Gone](no-such-page.md)\n")
    result = run_in(PROPERDOCS_PYTHON, "--root", str(small_project), "build", "--today", TODAY, "--engine", "properdocs")
    assert result.returncode == 1 and "no-such-page.md" in result.stderr
    assert not (small_project / "site").exists()


WARNING_OF_OURS = """
import logging
from peerdir.engine.choice import use_engine
use_engine("properdocs")
import peerdir.engine.plugin  # the plugin, on ProperDocs
heard = []
handler = logging.Handler(logging.WARNING)
handler.emit = heard.append
logging.getLogger("properdocs").addHandler(handler)  # where a strict ProperDocs build counts warnings
peerdir.engine.plugin.log.warning("ours")
print([record.getMessage() for record in heard], peerdir.engine.plugin.log.name)
"""


def test_what_our_plugin_logs_counts_as_properdocs_own() -> None:
    """A strict build fails on a warning of our plugin or the theme, which log under `mkdocs`."""
    result = subprocess.run([str(PROPERDOCS_PYTHON), "-c", WARNING_OF_OURS], capture_output=True, text=True, cwd=REPO)
    assert result.stdout.split() == ["['ours']", "mkdocs.plugins.peerdir"], result.stderr


def test_the_preview_runs_on_properdocs(small_project: Path) -> None:
    with served(small_project, "groups/riverside-parents/", str(PROPERDOCS_PYTHON), "--engine", "properdocs") as base:
        status, page = fetch(base + "groups/riverside-parents/")
        assert status == 200 and "ProperDocs" in page and "Riverside" in page
        groups = small_project / "groups.yaml"
        groups.write_text(groups.read_text(encoding="utf-8").replace("Riverside Parents", "Riverside Carers", 1),
                          encoding="utf-8")
        wait_for(lambda: "Riverside Carers" in fetch(base + "groups/riverside-parents/")[1], "the edit")


# ---------------------------------------------------------------- one seam per engine

ENGINE_MODULES = ("mkdocs", "properdocs", "material")


def imports_of(module: Path) -> list[tuple[int, str]]:
    """Every module `module` imports, absolute (`peerdir.engine.plugin`), with its line."""
    package = ".".join(module.relative_to(REPO).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            name = ".".join(part for part in (base, node.module or "") if part)
            found += [(node.lineno, name)] if node.module else [(node.lineno, f"{name}.{a.name}") for a in node.names]
    return found


def test_only_the_engine_adapter_imports_an_engine_and_the_finishing_steps_import_none() -> None:
    wrong = []
    for module in sorted((REPO / "peerdir").rglob("*.py")):
        place = module.relative_to(REPO).as_posix()
        for line, name in imports_of(module):
            engine = name.split(".")[0] in ENGINE_MODULES and place != "peerdir/export.py"  # the theme's icons
            if (engine and not place.startswith("peerdir/engine/")) or (
                    place.startswith("peerdir/finishing/") and name.startswith("peerdir.engine")):
                wrong.append(f"{place}:{line}: imports {name}")
    assert wrong == []
