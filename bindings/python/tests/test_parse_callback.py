"""`parse_callback` on every callback body fixture, held to the Rust parser's reading of it
(`cargo xtask readings`):

- a body the Rust parser reads strictly is read, in both modes, into the model of its own type and
  form, every value as in the body (dumping the model gives the body back), and an
  `event_processed` action into the case its `type` and `status` name;
- a body of a type this version does not know is kept as an `UnknownCallback` holding it, and
  refused with `strict=True` at the path the Rust parser names;
- every other body is refused in both modes (the models state the documented contract, as strict
  reading does) by a `CallbackError` at the path the Rust parser names (or inside it, for a
  free-form object, which it names whole, and for a body nested deeper than pydantic's reader
  goes: `conftest.same_place`), with a one-line message of at most 300 characters that names
  the path and the type read.

A body read differently would be listed in `KNOWN_DIFFERENCES` with its reason (the list is
empty); the test checks the list both ways, so a difference that goes away must leave the list.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from conftest import ROOT, body_of, error_problems, expected_class, fixture_id, readings

import vibes_callbacks
from vibes_callbacks import CallbackError, UnknownCallback, parse_callback

KNOWN_DIFFERENCES: dict[str, str] = {}
"""Fixtures `parse_callback` reads differently from the Rust parser, with the reason: none. (A
key given twice, `NaN` and `1e400` in free-form objects, and `2021-02-30` were here; the README's
"Where it reads differently" says what remains and why it leaves no invalid body accepted.)"""

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


@pytest.mark.parametrize(
    ("event_date", "refused"),
    [
        ("2021-02-28T00:00Z", False),
        ("2020-02-29T23:59:59+05:30", False),
        ("2000-02-29T00:00Z", False),
        ("0000-02-29T00:00Z", False),
        ("2021-01-31T00:00Z", False),
        ("2021-02-29T00:00Z", True),
        ("1900-02-29T00:00Z", True),
        ("2021-04-31T00:00:00.5-0700", True),
        ("2021-11-31T00:00Z", True),
    ],
)
def test_a_timestamp_is_held_to_the_calendar(event_date: str, refused: bool) -> None:
    """A day past the end of its month is refused at the timestamp's path, in the proleptic
    Gregorian calendar the Rust parser reads (1900 has no February 29, 2000 and year 0 have);
    the same text in a free-form object is no timestamp, and is kept."""
    body = json.loads(body_of("tests/fixtures/callbacks/docs/person_added__platform.json"))
    body["event_date"] = event_date
    body["person"]["custom_fields"] = {"renewal": "2021-02-30T00:00Z"}
    if not refused:
        assert parse_callback(json.dumps(body)).event_date == event_date
        return
    for data in (json.dumps(body), json.dumps(body).encode(), body):
        with pytest.raises(CallbackError) as error:
            parse_callback(data)
        assert error.value.path == ("event_date",)
        assert error.value.callback_type == "person_added"
        assert f'"{event_date}" is not a valid Timestamp' in str(error.value)


def test_a_timestamp_deep_in_a_body_is_held_to_the_calendar() -> None:
    body = json.loads(body_of("tests/fixtures/callbacks/docs/person_added__platform.json"))
    body["person"]["created_at"] = "2019-06-31T10:00Z"
    with pytest.raises(CallbackError) as error:
        parse_callback(json.dumps(body))
    assert error.value.where == "person.created_at"
