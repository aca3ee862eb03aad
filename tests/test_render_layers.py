"""The render package's two layers (issue 19): an output (`render/outputs/`) imports parts, never
another output; a part (`render/parts/`) never imports an output. Read from the source with `ast`,
so that an import inside a function or under `TYPE_CHECKING` counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

RENDER = Path(__file__).resolve().parent.parent / "peerdir" / "render"
PACKAGE = ("peerdir", "render")
LAYERS = ("outputs", "parts")


def module_path(path: Path, render: Path = RENDER) -> tuple[str, ...]:
    """`render/outputs/events.py` as ("peerdir", "render", "outputs", "events"); a package's
    `__init__.py` as the package itself."""
    parts = (*PACKAGE, *path.relative_to(render).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def imports(path: Path, render: Path = RENDER) -> list[tuple[int, list[tuple[str, ...]]]]:
    """Each import statement of the file, as its line and the modules it may bring in, as dotted
    paths: for `from X import a, b` the modules X.a and X.b (as `a` may be a module of X, as in
    `from . import events`), then X."""
    here = module_path(path, render)
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.append((node.lineno, [tuple(alias.name.split(".")) for alias in node.names]))
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - (node.level - 1)] if node.level else ()
            module = (*base, *(node.module.split(".") if node.module else ()))
            found.append((node.lineno, [*((*module, alias.name) for alias in node.names), module]))
    return sorted(found)


def layer_and_module(module: tuple[str, ...]) -> tuple[str, str] | None:
    """("outputs", "events") for peerdir.render.outputs.events (or anything in it); ("outputs", "")
    for the outputs package itself; None outside the two layers."""
    if module[:2] != PACKAGE or len(module) < 3 or module[2] not in LAYERS:
        return None
    return module[2], module[3] if len(module) > 3 else ""


def layer_problems(render: Path = RENDER) -> list[str]:
    """`file:line: what is wrong` for every import that breaks the rule."""
    problems = []
    for path in sorted(render.rglob("*.py")):
        own = layer_and_module(module_path(path, render))
        if own is None:  # render/__init__.py puts the outputs together: it may import any of them
            continue
        layer, name = own
        where = path.relative_to(render.parent).as_posix()
        for line, modules in imports(path, render):
            targets = [target for module in modules
                       if (target := layer_and_module(module)) and target[0] == "outputs"]
            # `from ..outputs import events` names a module; the package alone counts only when nothing more is named.
            named = sorted({output for _, output in targets if output}) or [output for _, output in targets[:1]]
            for output in named:
                dotted = ".".join((*PACKAGE, "outputs", output) if output else (*PACKAGE, "outputs"))
                if layer == "parts":
                    problems.append(f"{where}:{line}: the part {name} imports an output: {dotted}")
                elif output != name:
                    problems.append(f"{where}:{line}: the output {name} imports another output: {dotted}")
    return problems


def test_outputs_import_only_parts_and_parts_never_outputs() -> None:
    problems = layer_problems()
    assert not problems, "\n".join(problems)


def test_every_module_is_in_a_layer() -> None:
    """A module straight in render/ would escape the rule: it is an output or a part."""
    loose = [path.name for path in RENDER.glob("*.py") if path.name != "__init__.py"]
    assert loose == []
    assert sorted(path.name for path in RENDER.iterdir() if path.is_dir() and path.name != "__pycache__") \
        == sorted(LAYERS)


def test_the_check_sees_every_way_of_writing_an_import(tmp_path: Path) -> None:
    """Relative and absolute imports of another output, in all their forms and inside a function, are
    found, each with its file and line; an output importing parts, a part importing a part, and the
    package's own `__init__.py` importing outputs are not problems."""
    outputs, parts = tmp_path / "render" / "outputs", tmp_path / "render" / "parts"
    for folder in (outputs, parts):
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("")
    (tmp_path / "render" / "__init__.py").write_text("from .outputs import events\n")
    (outputs / "events.py").write_text("from ..parts import text\nfrom ..parts.text import md_text\n")
    (outputs / "calendar.py").write_text(
        "from .events import is_dated\n"
        "from ..outputs import events\n"
        "from . import events as ev\n"
        "import peerdir.render.outputs.events\n"
        "from peerdir.render.outputs.events import place_in_words\n"
        "def later():\n    from .events import day_in_words\n")
    (parts / "text.py").write_text("from . import html\nfrom ..outputs.events import is_dated\n")
    (parts / "html.py").write_text("")
    found = layer_problems(tmp_path / "render")
    assert [problem.split(": ", 1)[0] for problem in found] == [
        "render/outputs/calendar.py:1", "render/outputs/calendar.py:2", "render/outputs/calendar.py:3",
        "render/outputs/calendar.py:4", "render/outputs/calendar.py:5", "render/outputs/calendar.py:7",
        "render/parts/text.py:2"]
    assert all("events" in problem for problem in found)
