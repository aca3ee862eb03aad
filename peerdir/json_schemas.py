"""JSON Schemas for the YAML files, generated from the models (`models.py`).

The YAML files point at them with a `# yaml-language-server: $schema=...` comment so
that VS Code and similar editors complete field names and underline mistakes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .models import EventsFile, GroupsFile, Vocabularies
from .schema import json_schema

SCHEMAS = {
    "groups.schema.json": GroupsFile,
    "events.schema.json": EventsFile,
    "support_types.schema.json": Vocabularies,
}


def schema_documents() -> dict[str, str]:
    """{file name: JSON text} for each data file."""
    return {name: _dump(_document(name, model)) for name, model in SCHEMAS.items()}


def write_schemas(folder: Path, check_only: bool = False) -> list[str]:
    """Write the schemas; return the names of those that were missing or different."""
    stale = []
    for name, text in schema_documents().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
            if not check_only:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return stale


def _document(name: str, model: type) -> dict[str, Any]:
    schema = json_schema(model)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema}


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
