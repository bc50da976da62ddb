"""The JSON Schemas this package ships (copies of the repository's `schemas/`, generated from the
Rust types): read by name, as `schemas/index.json` lists them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


def load_schema(name: str) -> dict[str, Any]:
    """The bundled schema file `name`, as `schemas/index.json` names it: `callback.schema.json`
    (any callback body, for validators), `callback-union.schema.json` (the union the models are
    generated from), `callbacks/person_added.schema.json`, `callback-registration.schema.json`, …

    Each call returns a fresh copy, which the caller may change.
    """
    return json.loads(_text(name))


def schema_names() -> list[str]:
    """The names of the bundled schema files, as `schemas/index.json` lists them."""
    return [entry["file"] for entry in json.loads(_text("index.json"))["schemas"]]


@cache
def _text(name: str) -> str:
    folder = resources.files(__package__).joinpath("generated", "schemas")
    file = folder.joinpath(*name.split("/"))
    if ".." in name.split("/") or not file.is_file():
        raise ValueError(f"no bundled schema is named {json.dumps(name)}")
    return file.read_text(encoding="utf-8")
