"""Parse time per callback body of `vibes_callbacks.parse_callback`, against plain
`jsonschema.validate` with the union schema (which checks the schema on every call, as that
function does), against a `jsonschema` validator of the union built once, and against pydantic
reading the generated union without dispatching first (`TypeAdapter(Callback)`, which tries the
current forms, then the older ones). Every body the Rust parser reads (tests/fixtures/callbacks),
as bytes; each figure is the best of a few rounds over all of them (the process's CPU time),
divided by their number.
Run by bindings/measure.sh.

Usage: python python.py REPOSITORY
"""

import json
import sys
import time
from pathlib import Path

import jsonschema
from jsonschema import Draft202012Validator
from pydantic import TypeAdapter

from vibes_callbacks import Callback, parse_callback


def per_body(readers, bodies, repeat, rounds=5):
    """The best time of each reader, over `rounds` rounds of `repeat` passes over `bodies`, per
    body read. The time is the process's CPU time, which other work on a shared machine changes
    less than the clock's; the readers take turns within each round, so that a busy moment
    weighs on each alike."""
    best = [float("inf")] * len(readers)
    for _ in range(rounds):
        for index, read in enumerate(readers):
            start = time.process_time_ns()
            for _ in range(repeat):
                for body in bodies:
                    read(body)
            best[index] = min(best[index], (time.process_time_ns() - start) / (repeat * len(bodies)))
    return best


def main():
    root = Path(sys.argv[1])
    bodies = [path.read_bytes() for path in sorted((root / "tests/fixtures/callbacks").glob("*/*.json"))]
    union = json.loads((root / "schemas/callback-union.schema.json").read_text(encoding="utf-8"))
    built = Draft202012Validator(union)
    undispatched = TypeAdapter(Callback)
    for body in bodies:  # every body is read by each, so each is timed on the same work
        parse_callback(body)
        built.validate(json.loads(body))
        undispatched.validate_json(body)

    helper, union_model = per_body([parse_callback, undispatched.validate_json], bodies, 30, 30)
    (prebuilt,) = per_body([lambda body: built.validate(json.loads(body))], bodies, 2)
    (plain,) = per_body([lambda body: jsonschema.validate(json.loads(body), union)], bodies, 1, 2)
    print(f"python: {len(bodies)} bodies, CPU time per body (best of a few rounds)")
    rows = [
        ("parse_callback", helper),
        ("TypeAdapter(Callback), no dispatch", union_model),
        ("Draft202012Validator(union), built once", prebuilt),
        ("jsonschema.validate(body, union)", plain),
    ]
    for name, time_per_body in rows:
        ratio = time_per_body / helper
        print(f"  {name:42} {time_per_body / 1000:10.1f} µs {ratio:9.1f} × parse_callback")


if __name__ == "__main__":
    main()
