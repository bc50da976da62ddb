"""The place of a syntax fault: the path of the value being read where a body stops being JSON,
as `validate` and `parse_callback` name it; and of a key given twice in one object."""

from __future__ import annotations

import json

import pytest

from vibes_callbacks import CallbackError, parse_callback, validate


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ('{"a": [1, 2, x]}', "a[2]", "expected a value, found `x`"),
        ('{"a": [1, 2', "a", "the input ended before the closing `]`"),
        ('{"a": [', "a[0]", "the input ended where a value was due"),
        ('{"a": {"b": tru', "a.b", "the input ended inside `true`"),
        ('{"a": {"b": 1} "c": 2}', ".", "expected `,` or `}`, found `\\\"`"),
        ('{"a": "\\u12"}', "a", "`\\u` is not followed by four hexadecimal digits"),
        ('{"a": "\\ud83d\\ude00", "b": "\\ud83d"}', "b", "the escape `\\ud83d` is a lone surrogate"),
        ('{"odd key": -}', '["odd key"]', "a malformed number"),
        ('{"a" 1}', ".", "expected `:` after a key, found `1`"),
        ("[]]", ".", "text after the JSON document"),
        ('{"a": "`\u0007"}', "a", "the control character U+0007 inside a string"),
        ('{"a": {"b": 1e400}}', "a.b", "a number beyond a 64-bit float"),
        ('{"a": [NaN]}', "a[0]", "expected a value, found `N`"),
        ("-1E+400", ".", "a number beyond a 64-bit float"),
    ],
)
def test_the_fault_is_placed_and_named(text: str, where: str, problem: str) -> None:
    with pytest.raises(CallbackError) as refused:
        validate(text, schema="callback-headers.schema.json")
    assert refused.value.where == where
    assert refused.value.problem == f"not JSON: {problem}"
    with pytest.raises(CallbackError) as refused:
        parse_callback(text)
    assert refused.value.where == where
    assert refused.value.problem == f"not JSON: {problem}"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"callback_type": "x", "a": {"b": 1, "c": {"b": 2}, "b": 3}}', "a.b"),
        ('{"callback_type": "x", "a": [{"k": 1}, {"k": 2, "k": 3}]}', "a[1].k"),
        ('{"callback_type": "x", "a": 1, "a" : 2}', "a"),
        ('{"callback_type": "x", "\\u0061": 1, "a": 2}', "a"),
        ('{"callback_type": "x", "q": "\\":", "a": 1, "a": 2}', "a"),
    ],
)
def test_a_key_given_twice_is_refused_at_its_path(text: str, where: str) -> None:
    """Every object is searched, the same key however it is written, and a string that looks
    like a key (`\\":`) hides no repeated one."""
    for check in (parse_callback, validate):
        with pytest.raises(CallbackError) as refused:
            check(text)
        assert refused.value.where == where, check
        assert refused.value.problem == "a key given twice", check


@pytest.mark.parametrize(
    "text",
    [
        '{"callback_type": "x", "a": {"b": 1}, "c": {"b": 1}, "b": [{"b": 1}, {"b": 2}]}',
        '{"callback_type": "x", "text": "a \\": b", "more": "\\"\\":"}',
        '{"callback_type": "x", "key\\\\": 1, "key": 2}',
        '{"callback_type": "x", "words": "NaN Infinity 1e400", "n": 1.5e300}',
    ],
)
def test_what_only_looks_like_a_fault_is_read(text: str) -> None:
    """The quick search sends these to the scanner, or not; either way they are JSON the Rust
    parser reads: the same key in different objects, `":` inside strings, a key ending in a
    backslash, the words NaN and Infinity in a string, a large number within a 64-bit float."""
    assert parse_callback(text).data == json.loads(text)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"callback_type": "x", "a": [[1, -1e400]]}', "a[0][1]"),
        ('{"callback_type": "x", "a": {"b": [{"c": 2E+308}]}}', "a.b[0].c"),
        ('{"callback_type": "x", "a": [Infinity]}', "a[0]"),
    ],
)
def test_a_number_json_does_not_hold_is_refused_in_a_body_read(text: str, where: str) -> None:
    """In a body pydantic reads (here, of an unknown type, kept whole), however deep."""
    with pytest.raises(CallbackError) as refused:
        parse_callback(text)
    assert refused.value.where == where
    assert refused.value.problem.startswith("not JSON: ")
