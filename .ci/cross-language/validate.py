#!/usr/bin/env python3
"""Validate every fixture against its schema with Python's `jsonschema` and
compare with the Rust parser's strict verdict.

Input: the JSON array printed by `cargo xtask verdicts`, each item
`{"fixture": path, "schema": path, "accepted": bool}` with paths relative to
the repository root; read from the file named by argv[1], or from stdin.

Prints one line per disagreement, then `python jsonschema: N passed, M failed`.
Exits 1 on any disagreement, on a schema that is not a valid 2020-12 schema,
or when no fixture was checked.
"""

import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def schema_files(verdicts):
    """The schema files to load: those the verdicts name, plus those that
    `schemas/index.json` lists (so a `$ref` from one file to another resolves)."""
    files = {v["schema"] for v in verdicts}
    index = ROOT / "schemas" / "index.json"
    if index.exists():
        for entry in load_json(index).get("schemas", []):
            file = entry.get("file") if isinstance(entry, dict) else entry
            if isinstance(file, str):
                files.add(f"schemas/{file}")
    return sorted(files)


def main():
    if len(sys.argv) > 1 and sys.argv[1] != "-":
        verdicts = load_json(sys.argv[1])
    else:
        verdicts = json.load(sys.stdin)
    if not isinstance(verdicts, list):
        print("verdicts: expected a JSON array", file=sys.stderr)
        return 1

    schemas = {}
    resources = []
    bad_schema = False
    for rel in schema_files(verdicts):
        schema = load_json(ROOT / rel)
        try:
            Draft202012Validator.check_schema(schema)
        except Exception as e:  # SchemaError, or a $schema it cannot handle
            print(f"INVALID SCHEMA {rel}: {e}")
            bad_schema = True
            continue
        schemas[rel] = schema
        resource = Resource.from_contents(schema, default_specification=DRAFT202012)
        uri = schema.get("$id") or (ROOT / rel).as_uri()
        resources.append((uri, resource))
    registry = Registry().with_resources(resources)

    validators = {
        rel: Draft202012Validator(schema, registry=registry)
        for rel, schema in schemas.items()
    }

    passed = failed = 0
    for v in verdicts:
        fixture, rel, expected = v["fixture"], v["schema"], bool(v["accepted"])
        validator = validators.get(rel)
        if validator is None:
            print(f"DISAGREE {fixture} against {rel}: schema could not be loaded")
            failed += 1
            continue
        instance = load_json(ROOT / fixture)
        error = best_match(validator.iter_errors(instance))
        accepted = error is None
        if accepted == expected:
            passed += 1
            continue
        failed += 1
        if accepted:
            print(f"DISAGREE {fixture} against {rel}: Rust rejects it, jsonschema accepts it")
        else:
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            print(
                f"DISAGREE {fixture} against {rel}: Rust accepts it, jsonschema rejects it"
                f" at {where}: {error.message[:300]}"
            )

    print(f"python jsonschema: {passed} passed, {failed} failed")
    if passed + failed == 0:
        print("no fixture was checked", file=sys.stderr)
        return 1
    return 1 if failed or bad_schema else 0


if __name__ == "__main__":
    sys.exit(main())
