"""The place of a syntax fault: the path of the value being read where a body stops being JSON,
as `validate` and `parse_callback` name it."""

from __future__ import annotations

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
    if "64-bit" in problem or "NaN" in text:
        return  # parse_callback takes these (test_parse_callback.KNOWN_DIFFERENCES says why)
    with pytest.raises(CallbackError) as refused:
        parse_callback(text)
    assert refused.value.where == where
    assert refused.value.problem == f"not JSON: {problem}"
