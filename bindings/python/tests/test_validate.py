"""`validate`, the bundled JSON Schemas' verdict (the `jsonschema` extra), on every callback body
fixture: it accepts what the Rust parser reads strictly, and refuses every other body with a
`CallbackError` at the path the Rust parser names (or inside a free-form object it names, as
`conftest.same_place` allows), in one line of at most 300 characters. An unknown callback type is outside the schemas' contract, as strict reading's."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, body_of, error_problems, fixture_id, readings

from vibes_callbacks import CallbackError, schema_names, validate

KNOWN_DIFFERENCES: dict[str, str] = {}
"""Fixtures `validate` reads differently from the Rust parser, with the reason: none (a key given
twice and `2021-02-30` were here)."""


def validate_problems(reading: dict[str, Any]) -> list[str]:
    rust = reading["strict"]
    try:
        validate(body_of(reading["fixture"]))
    except Exception as error:  # noqa: BLE001 - any exception is compared with the Rust verdict
        if rust["accepted"]:
            return [f"refused: {error}"]
        # The schema judges the body before any type is read: its errors name no type.
        return error_problems(error, {**rust, "callback_type": None})
    return [] if rust["accepted"] else [f"accepted; the Rust parser refuses it at `{rust['path']}`"]


@pytest.mark.parametrize("reading", readings(), ids=fixture_id)
def test_validates_the_fixture_as_the_rust_parser_reads_it(reading: dict[str, Any]) -> None:
    problems = validate_problems(reading)
    known = KNOWN_DIFFERENCES.get(fixture_id(reading))
    if known is None:
        assert problems == []
    else:
        assert problems != [], f"no longer differs ({known}): drop it"


def test_the_error_names_the_schema_and_the_path() -> None:
    with pytest.raises(CallbackError) as refused:
        validate(body_of("tests/fixtures/invalid/nested_wrong_type.json"))
    assert str(refused.value) == (
        "callback.schema.json: expected a string, found the number 42"
        " at `event_processed.action.failure.reason`"
    )


@pytest.mark.parametrize("folder", ["docs", "seeds", "authored"])
def test_registrations_validate_against_their_schema(folder: str) -> None:
    paths = sorted((FIXTURES / "registrations" / folder).glob("*.json"))
    assert paths
    for path in paths:
        validate(path.read_bytes(), schema="callback-registration.schema.json")


@pytest.mark.parametrize("name", schema_names())
def test_every_bundled_schema_judges_a_body(name: str) -> None:
    """Each file loads, and its references resolve among the bundled files: a body is accepted or
    refused with a `CallbackError`, never another exception."""
    for body in ({}, body_of("tests/fixtures/callbacks/docs/person_added__platform.json")):
        try:
            validate(body, schema=name)
        except CallbackError:
            pass


def test_an_unknown_schema_is_a_value_error() -> None:
    with pytest.raises(ValueError, match='no bundled schema is named "nope.json"'):
        validate({}, schema="nope.json")
    with pytest.raises(ValueError, match="no bundled schema"):
        validate({}, schema="../pyproject.toml")


def test_the_bundled_schemas_are_the_repository_s() -> None:
    from vibes_callbacks import load_schema

    on_disk = sorted(
        str(path.relative_to(ROOT / "schemas")) for path in (ROOT / "schemas").rglob("*.json")
    )
    assert sorted([*schema_names(), "index.json", "openapi.json"]) == on_disk
    for name in on_disk:
        assert load_schema(name) == json.loads((ROOT / "schemas" / name).read_text("utf-8")), name


def test_a_timestamp_is_held_to_the_calendar() -> None:
    """Beyond the schemas' pattern, as parse_callback: a day its month does not have is refused
    at its path, a leap day is not."""
    body = json.loads(body_of("tests/fixtures/callbacks/docs/person_added__platform.json"))
    validate({**body, "event_date": "2020-02-29T00:00Z"})
    with pytest.raises(CallbackError) as refused:
        validate({**body, "event_date": "2021-04-31T00:00Z"})
    assert refused.value.path == ("event_date",)
    assert refused.value.problem == '"2021-04-31T00:00Z" is not a valid Timestamp: 2021-04 has no day 31'
    with pytest.raises(CallbackError, match='"yesterday" is not a valid Timestamp at `event_date`'):
        validate({**body, "event_date": "yesterday"})
