"""What `parse_callback` takes: bytes, text or a decoded object, with the same result; anything
else is refused with an error that says what it is."""

from __future__ import annotations

import json
import math

import pytest
from conftest import body_of, fixture_id, readings

from vibes_callbacks import CallbackError, PersonAdded, parse_callback

READ = [reading for reading in readings() if reading["strict"]["accepted"]]


@pytest.mark.parametrize("reading", READ, ids=fixture_id)
def test_bytes_text_and_an_object_read_alike(reading: dict) -> None:
    body = body_of(reading["fixture"])
    read = parse_callback(body)
    assert parse_callback(body.decode("utf-8")) == read
    assert parse_callback(json.loads(body)) == read
    assert parse_callback(bytearray(body)) == read
    assert parse_callback(memoryview(body)) == read


def test_strict_reading_gives_the_same_model() -> None:
    body = body_of("tests/fixtures/callbacks/docs/person_added__platform.json")
    callback = parse_callback(body, strict=True)
    assert isinstance(callback, PersonAdded)
    assert callback == parse_callback(body)


def test_values_are_not_converted_to_fit() -> None:
    """Strict validation: a number where a string is due stays an error, a string holding a
    number is not read as one."""
    body = json.loads(body_of("tests/fixtures/callbacks/docs/person_added__platform.json"))
    with pytest.raises(CallbackError) as refused:
        parse_callback({**body, "event_id": 5})
    assert refused.value.path == ("event_id",)
    with pytest.raises(CallbackError) as refused:
        parse_callback({**body, "delivery_attempt": "01"})
    assert refused.value.path == ("delivery_attempt",)
    assert "is not a valid Count" in str(refused.value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({"callback_type": "person_added", "n": math.nan}, "not a JSON object"),
        ({"callback_type": "person_added", "n": {1, 2}}, "not a JSON object"),
    ],
)
def test_an_object_that_is_not_json_is_refused(value: dict, words: str) -> None:
    with pytest.raises(CallbackError, match=words):
        parse_callback(value)


@pytest.mark.parametrize("value", [42, None, ["person_added"]])
def test_other_inputs_are_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="bytes, str or a dict"):
        parse_callback(value)  # type: ignore[arg-type]


def test_a_syntax_error_has_a_line_and_a_column() -> None:
    with pytest.raises(CallbackError) as refused:
        parse_callback(b'{\n  "callback_type": "person_added",\n  "event_id": "e1",,\n}')
    assert (refused.value.line, refused.value.column) == (3, 20)
    assert refused.value.path == ()
    assert str(refused.value) == (
        "callback body: not JSON: expected a key in double quotes, found `,` (line 3, column 20)"
    )


def test_an_error_is_a_value_error_with_the_pydantic_error_as_its_cause() -> None:
    body = body_of("tests/fixtures/invalid/nested_wrong_type.json")
    with pytest.raises(ValueError) as refused:
        parse_callback(body)
    error = refused.value
    assert isinstance(error, CallbackError)
    assert error.path == ("event_processed", "action", "failure", "reason")
    assert error.where == "event_processed.action.failure.reason"
    assert error.callback_type == "event_processed"
    assert str(error) == (
        "event_processed callback: expected a string, found the number 42"
        " at `event_processed.action.failure.reason`"
    )
    assert type(error.__cause__).__name__ == "ValidationError"


def test_a_value_is_shown_cut_and_escaped() -> None:
    body = json.loads(body_of("tests/fixtures/callbacks/docs/person_added__platform.json"))
    with pytest.raises(CallbackError) as refused:
        parse_callback({**body, "event_date": "x" * 500 + "\n\u001b[31m"})
    message = str(refused.value)
    assert message.isprintable()
    assert '"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" is not a valid Timestamp' in message
