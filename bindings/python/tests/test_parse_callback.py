"""`parse_callback` on every callback body fixture, held to the Rust parser's reading of it
(`cargo xtask readings`):

- a body the Rust parser reads strictly is read, in both modes, into the model of its own type and
  form, every value as in the body (dumping the model gives the body back), and an
  `event_processed` action into the case its `type` and `status` name;
- a body of a type this version does not know is kept as an `UnknownCallback` holding it, and
  refused with `strict=True` at the path the Rust parser names;
- every other body is refused in both modes (the models state the documented contract, as strict
  reading does) by a `CallbackError` at the path the Rust parser names, or inside it, with a
  one-line message of at most 300 characters that names the path and the type read.

A few bodies are read differently, each for a reason listed in `KNOWN_DIFFERENCES`; the test
checks the list both ways, so a difference that goes away must leave the list.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from conftest import ROOT, body_of, error_problems, expected_class, fixture_id, readings

import vibes_callbacks
from vibes_callbacks import CallbackError, UnknownCallback, parse_callback

_REPEATED = "a key given twice: Python's JSON readers keep the last value, the Rust parser refuses it"
_UNUSUAL_NUMBER = (
    "`NaN` or `1e400` in a free-form object: pydantic's JSON reader takes it, and searching every"
    " body for one would cost a third of parse_callback's time (validate refuses it)"
)
KNOWN_DIFFERENCES = {
    "errors/callbacks/callback_type_twice.json": _REPEATED,
    "errors/callbacks/event_id_twice.json": _REPEATED,
    "errors/callbacks/event_id_twice_in_an_unknown_type.json": _REPEATED,
    "errors/callbacks/strict/key_twice_inside_an_unknown_field.json": _REPEATED,
    "errors/callbacks/strict/key_twice_inside_custom_fields.json": _REPEATED,
    "errors/callbacks/strict/key_twice_inside_event_data.json": _REPEATED,
    "errors/callbacks/strict/person_id_twice_inside_person.json": _REPEATED,
    "errors/callbacks/strict/person_twice.json": _REPEATED,
    "errors/callbacks/event_date_february_30.json": (
        "the schemas check a timestamp's shape with a pattern, not its calendar"
    ),
    "errors/callbacks/nan_as_a_value.json": _UNUSUAL_NUMBER,
    "errors/callbacks/number_beyond_a_float_in_custom_fields.json": _UNUSUAL_NUMBER,
}

UNION = json.loads((ROOT / "schemas" / "callback-union.schema.json").read_text(encoding="utf-8"))


def mapped(union: str, tag: str) -> str:
    """The definition a discriminated union of the union schema maps `tag` to."""
    return UNION["$defs"][union]["discriminator"]["mapping"][tag].rsplit("/", 1)[-1]


def read_problems(reading: dict[str, Any], strict: bool) -> list[str]:
    """What `parse_callback` gets wrong on the fixture, in one mode, against the Rust reading."""
    body = body_of(reading["fixture"])
    rust, lenient = reading["strict"], reading["lenient"]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value = parse_callback(body, strict=strict)
    except Exception as error:  # noqa: BLE001 - any exception is compared with the Rust verdict
        if rust["accepted"] or (lenient["accepted"] and not lenient["known"] and not strict):
            return [f"refused: {error}"]
        return error_problems(error, rust)
    if rust["accepted"]:
        return model_problems(reading, body, value)
    if lenient["accepted"] and not lenient["known"] and not strict:
        if not isinstance(value, UnknownCallback):
            return [f"an unknown type read as {type(value).__name__}"]
        if value.callback_type != lenient["callback_type"] or value.data != json.loads(body):
            return [f"kept as {value.callback_type!r} with other data"]
        return []
    return [f"read as {type(value).__name__}, the Rust parser refuses it at `{rust['path']}`"]


def model_problems(reading: dict[str, Any], body: bytes, value: Any) -> list[str]:
    expected = expected_class(reading, body)
    model = getattr(vibes_callbacks, expected, None)
    if model is None or type(value) is not model:
        return [f"read as {type(value).__name__}, not {expected}"]
    problems = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dumped = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if dumped != json.loads(body):
        problems.append(f"dumping it does not give the body back: {json.dumps(dumped)[:200]}")
    if reading["strict"]["callback_type"] == "event_processed":
        action = json.loads(body)["event_processed"]["action"]
        case = mapped(mapped("Action", action["type"]), action["status"])
        if type(value.event_processed.action).__name__ != case:
            problems.append(f"its action read as {type(value.event_processed.action).__name__}")
    return problems


@pytest.mark.parametrize("reading", readings(), ids=fixture_id)
def test_reads_the_fixture_as_the_rust_parser_does(reading: dict[str, Any]) -> None:
    problems = {mode: read_problems(reading, mode == "strict") for mode in ("lenient", "strict")}
    known = KNOWN_DIFFERENCES.get(fixture_id(reading))
    if known is None:
        assert problems == {"lenient": [], "strict": []}
    else:
        assert problems != {"lenient": [], "strict": []}, f"no longer differs ({known}): drop it"


def test_every_known_difference_is_a_fixture() -> None:
    fixtures = {fixture_id(reading) for reading in readings()}
    assert set(KNOWN_DIFFERENCES) <= fixtures


def test_the_fixtures_cover_every_kind_of_reading() -> None:
    """The readings hold bodies of every outcome, so that no rule above goes untried."""
    outcomes = {
        "read": any(r["strict"]["accepted"] for r in readings()),
        "legacy": any(
            r["strict"]["accepted"] and "Legacy" in expected_class(r, body_of(r["fixture"]))
            for r in readings()
        ),
        "unknown": any(r["lenient"]["accepted"] and not r["lenient"]["known"] for r in readings()),
        "outside the contract": any(
            r["lenient"]["accepted"] and r["lenient"]["known"] and not r["strict"]["accepted"]
            for r in readings()
        ),
        "refused": any(not r["lenient"]["accepted"] for r in readings()),
        "not JSON": any(r["lenient"].get("kind") == "Syntax" for r in readings()),
    }
    assert all(outcomes.values()), outcomes


def test_an_unknown_type_keeps_the_whole_body() -> None:
    body = body_of("tests/fixtures/strict/unknown_callback_type.json")
    unknown = parse_callback(body)
    assert isinstance(unknown, UnknownCallback)
    assert unknown.callback_type == "loyalty_points_earned"
    assert unknown.data == json.loads(body)
    assert unknown.event_id == json.loads(body)["event_id"]
    with pytest.raises(CallbackError) as refused:
        parse_callback(body, strict=True)
    assert refused.value.path == ("callback_type",)
    assert '"loyalty_points_earned"' in str(refused.value)


def test_an_older_body_of_an_unknown_type_is_kept_by_its_event_type() -> None:
    unknown = parse_callback(b'{"event_type": "person_merged", "event_id": 7}')
    assert isinstance(unknown, UnknownCallback)
    assert unknown.callback_type == "person_merged"
    assert unknown.event_id is None
    with pytest.raises(CallbackError) as refused:
        parse_callback(b'{"event_type": "person_merged"}', strict=True)
    assert refused.value.path == ("event_type",)
