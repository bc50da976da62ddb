#!/usr/bin/env python3
"""Read every callback fixture with the generated pydantic union (bindings/python).

Input: the JSON array printed by `cargo xtask verdicts` (argv[1]); its entries for
`schemas/callback-union.schema.json` give the Rust verdict on each callback fixture and,
when it reads, the callback type it was dispatched on.

For each fixture the Rust types accept, `TypeAdapter(Callback).validate_json` must give an instance
of the class the union names for that type and form (`PersonAdded` when the body names its
type in `callback_type`, `LegacyPersonAdded` when only in `event_type`), the class of an
`event_processed` action must be the one its `type` and `status` name (`RoutingFailed`, ...),
and dumping the instance must give back the fixture's JSON exactly, without a pydantic warning:
every field, unknown ones included, holds the fixture's value. Every fixture the Rust types refuse, and every file of
tests/fixtures/invalid (one is not even JSON), must be refused with a ValidationError.

Prints one line per failure, then a summary; exits 1 on any failure or when nothing was read.
"""

import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "bindings" / "python"))

from pydantic import TypeAdapter, ValidationError  # noqa: E402

import vibes_callbacks  # noqa: E402
from vibes_callbacks import Callback  # noqa: E402

# A serializer warning (a union pydantic cannot discriminate when dumping) is a failure too.
warnings.simplefilter("error")
CALLBACK = TypeAdapter(Callback)

UNION = "schemas/callback-union.schema.json"


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def mapped_class(schema, union, tag):
    """The class name a discriminated union of the schema maps `tag` to (its `$defs` key,
    which is the class name datamodel-codegen gives it)."""
    target = schema["$defs"][union]["discriminator"]["mapping"][tag]
    return target.rsplit("/", 1)[-1]


def pascal_case(wire):
    return "".join(word[:1].upper() + word[1:] for word in wire.split("_"))


def main():
    verdicts = [v for v in load_json(sys.argv[1]) if v["schema"] == UNION]
    schema = load_json(ROOT / UNION)
    failures = []
    read = {"current": 0, "legacy": 0}
    actions = 0
    refused = 0
    judged = set()

    for v in verdicts:
        fixture = v["fixture"]
        judged.add(fixture)
        raw = (ROOT / fixture).read_bytes()
        try:
            callback = CALLBACK.validate_json(raw)
        except ValidationError as error:
            if v["accepted"]:
                first = str(error).splitlines()[:3]
                failures.append(f"{fixture}: Rust reads it, pydantic refuses it: {' / '.join(first)}")
            else:
                refused += 1
            continue
        if not v["accepted"]:
            failures.append(f"{fixture}: Rust refuses it, pydantic reads it as {type(callback).__name__}")
            continue

        body = json.loads(raw)
        form = "current" if isinstance(body.get("callback_type"), str) else "legacy"
        union = "CurrentCallback" if form == "current" else "LegacyCallback"
        expected = mapped_class(schema, union, v["callback_type"])
        named = ("" if form == "current" else "Legacy") + pascal_case(v["callback_type"])
        problems = []
        if expected != named:
            problems.append(f"the union maps {v['callback_type']} to {expected}, not {named}")
        if type(callback).__name__ != expected or not isinstance(callback, getattr(vibes_callbacks, expected)):
            problems.append(f"read as {type(callback).__name__}, not {expected}")
        dumped = CALLBACK.dump_python(callback, mode="json", by_alias=True, exclude_unset=True)
        if dumped != body:
            problems.append(f"fields do not hold the fixture's values: {json.dumps(dumped)[:300]}")
        if v["callback_type"] == "event_processed":
            action = body["event_processed"]["action"]
            by_type = mapped_class(schema, "Action", action["type"])
            case = mapped_class(schema, by_type, action["status"])
            got = callback.event_processed.action
            if type(got).__name__ != case:
                problems.append(f"its action was read as {type(got).__name__}, not {case}")
            elif action["status"] == "failed" and got.failure.reason != action["failure"]["reason"]:
                problems.append("the failure reason is not the fixture's")
            else:
                actions += 1
        if problems:
            failures.extend(f"{fixture}: {problem}" for problem in problems)
        else:
            read[form] += 1

    # The invalid fixtures, those that are not JSON documents included.
    for path in sorted((ROOT / "tests" / "fixtures" / "invalid").glob("*.json")):
        fixture = str(path.relative_to(ROOT))
        if fixture in judged:
            continue
        try:
            CALLBACK.validate_json(path.read_bytes())
            failures.append(f"{fixture}: pydantic reads a body that is not even JSON")
        except ValidationError:
            refused += 1

    for failure in failures:
        print(f"FAIL {failure}")
    total = read["current"] + read["legacy"]
    print(
        f"python pydantic ({vibes_callbacks.__name__}): {total} fixtures read into their own class"
        f" ({read['current']} current, {read['legacy']} legacy; {actions} event_processed actions"
        f" into their case), {refused} refused, {len(failures)} failed"
    )
    if total == 0 or refused == 0:
        print("nothing was read or nothing refused", file=sys.stderr)
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
