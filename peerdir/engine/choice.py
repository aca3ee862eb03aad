"""Which engine builds the site: MkDocs 1.6 (the default, pinned in requirements.txt) or ProperDocs,
the continuation of MkDocs 1.x that its maintainers point to (requirements-properdocs.txt).

ProperDocs answers `import mkdocs...` with its own modules once `properdocs.replacement` is imported,
which is how mkdocs-material and our plugin (plugin.py) run on it unchanged. So the choice is made
here, before anything imports the engine; nothing else in the package needs to know which one it is.
"""

from __future__ import annotations

import importlib.util
import logging
import sys

MKDOCS, PROPERDOCS = "mkdocs", "properdocs"
ENGINES = (MKDOCS, PROPERDOCS)
DEFAULT_ENGINE = MKDOCS


class EngineMissing(Exception):
    """The engine asked for is not installed in this Python environment (or another one already runs)."""


def use_engine(name: str) -> None:
    """Make `import mkdocs` mean the engine `name`; call it before anything imports peerdir.engine.plugin or .commands."""
    loaded = sys.modules.get("mkdocs")
    if loaded is not None:
        if loaded.__name__ != name:
            raise EngineMissing(f"{loaded.__name__} is already running in this process, so {name} cannot build")
        return
    if importlib.util.find_spec(name) is None:
        raise EngineMissing(_missing(name))
    if name == PROPERDOCS:
        import properdocs.replacement  # noqa: F401  (mkdocs.* imports are ProperDocs' from here on)

        # As ProperDocs' own command line does: what is logged under `mkdocs` (the theme, our plugin) counts
        # as ProperDocs' own, so that a strict build fails on its warnings.
        logging.getLogger(MKDOCS).parent = logging.getLogger(PROPERDOCS)


def engine_logger_name() -> str:
    """The logger the running engine logs under: `mkdocs` or `properdocs`."""
    loaded = sys.modules.get("mkdocs")
    return loaded.__name__ if loaded is not None else MKDOCS


def _missing(name: str) -> str:
    if name == PROPERDOCS:
        return ("ProperDocs is not installed in this Python environment: `make properdocs` installs it into "
                ".venv-properdocs; run .venv-properdocs/bin/python build.py ... --engine properdocs")
    return (f"{name} is not installed in this Python environment: run `make setup` and use .venv/bin/python, "
            "or build with --engine properdocs in .venv-properdocs")
