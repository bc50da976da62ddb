"""Where a text stops being JSON (RFC 8259, with numbers within a 64-bit float, as the Rust parser
reads it): the first fault, with the path of the value being read there, so that a syntax error
names a place as a validation error does; and, when asked, the first key given twice in one
object, which RFC 8259 allows and the Rust parser refuses.

It runs only after a JSON reader refused a body, to explain why (the readers say what and at
which line, not in which field), or when the quick search `may_hide_a_fault` found a body a
reader took that may hold what the Rust parser refuses.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass


from .paths import Path

_WHITESPACE = " \t\n\r"
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERALS = ("true", "false", "null")
_ESCAPES = '"\\/bfnrt'
_HEX = "0123456789abcdefABCDEF"

# What the scanner expects next.
_VALUE, _FIRST_KEY, _KEY, _FIRST_ITEM, _AFTER_VALUE = range(5)


@dataclass(frozen=True)
class SyntaxFault:
    """The first place a text is not JSON."""

    offset: int
    """Index in the text (in characters) where the fault is."""
    path: Path
    """The value being read there: the key whose value it is, or the array item."""
    problem: str
    """What is wrong, in words."""
    repeated: bool = False
    """Whether the fault is a key given twice (the text is JSON otherwise, up to there); its path
    is then the key's."""


def first_fault(
    text: str, stop: int | None = None, *, repeated_keys: bool = False
) -> SyntaxFault | None:
    """The first fault of `text` as one JSON document, or `None` when it is one.

    With `stop`, the scan ends at the first token that starts there or after, as a fault with no
    problem: the path of the value a reader gave up at (nested too deeply, say) in a document
    that is JSON. With `repeated_keys`, a key given twice in one object is a fault too.
    """
    path: list[str | int] = []
    # One entry per open container: `None` for an object, the current index for an array.
    open_containers: list[int | None] = []
    # The keys seen in each open object, innermost last (only with `repeated_keys`).
    keys_seen: list[set[str]] = []
    state = _VALUE
    i, end = 0, len(text)

    def fault(at: int, problem: str) -> SyntaxFault:
        return SyntaxFault(at, tuple(path), problem)

    if text.startswith("\ufeff"):
        return fault(0, "a byte order mark before the document")
    while True:
        while i < end and text[i] in _WHITESPACE:
            i += 1
        if stop is not None and i >= stop:
            return fault(i, "")
        if state == _AFTER_VALUE:
            if not open_containers:
                return None if i == end else fault(i, "text after the JSON document")
            index = open_containers[-1]
            closing = "}" if index is None else "]"
            if i == end:
                return fault(i, f"the input ended before the closing `{closing}`")
            char = text[i]
            if char == ",":
                if index is None:
                    state = _KEY
                else:
                    open_containers[-1] = index + 1
                    path.append(index + 1)
                    state = _VALUE
            elif char == closing:
                open_containers.pop()
                if index is None and repeated_keys:
                    keys_seen.pop()
                _value_done(path, open_containers)
            else:
                return fault(i, f"expected `,` or `{closing}`, found {_show(char)}")
            i += 1
        elif state in (_FIRST_KEY, _KEY):
            if i == end:
                return fault(i, "the input ended where a key was due")
            if text[i] == "}" and state == _FIRST_KEY:
                open_containers.pop()
                if repeated_keys:
                    keys_seen.pop()
                _value_done(path, open_containers)
                state = _AFTER_VALUE
                i += 1
                continue
            if text[i] != '"':
                return fault(i, f"expected a key in double quotes, found {_show(text[i])}")
            after, problem = _string_end(text, i)
            if problem is not None:
                return fault(after, problem)
            key = json.loads(text[i:after])
            if repeated_keys:
                if key in keys_seen[-1]:
                    path.append(key)
                    return SyntaxFault(i, tuple(path), "a key given twice", repeated=True)
                keys_seen[-1].add(key)
            i = after
            while i < end and text[i] in _WHITESPACE:
                i += 1
            if i == end:
                return fault(i, "the input ended where `:` was due")
            if text[i] != ":":
                return fault(i, f"expected `:` after a key, found {_show(text[i])}")
            path.append(key)
            state = _VALUE
            i += 1
        elif state == _FIRST_ITEM and i < end and text[i] == "]":
            open_containers.pop()
            _value_done(path, open_containers)
            state = _AFTER_VALUE
            i += 1
        else:
            if state == _FIRST_ITEM:
                path.append(0)
            if i == end:
                return fault(i, "the input ended where a value was due")
            char = text[i]
            if char in "{[":
                open_containers.append(None if char == "{" else 0)
                if char == "{" and repeated_keys:
                    keys_seen.append(set())
                state = _FIRST_KEY if char == "{" else _FIRST_ITEM
                i += 1
                continue
            if char == '"':
                after, problem = _string_end(text, i)
            elif char == "-" or char.isdigit():
                after, problem = _number_end(text, i)
            else:
                after, problem = _literal_end(text, i)
            if problem is not None:
                return fault(after, problem)
            i = after
            _value_done(path, open_containers)
            state = _AFTER_VALUE


def _value_done(path: list[str | int], open_containers: list[int | None]) -> None:
    """A value inside a container is complete: its key or index leaves the path."""
    if open_containers:
        path.pop()


def _string_end(text: str, start: int) -> tuple[int, str | None]:
    """The index after the string that opens at `start`, or the index of its fault and what it is."""
    i, end = start + 1, len(text)
    while i < end:
        char = text[i]
        if char == '"':
            return i + 1, None
        if char == "\\":
            escape = text[i + 1 : i + 2]
            if escape == "u":
                problem = _unicode_escape_problem(text, i)
                if problem is not None:
                    return i, problem
                i += 12 if 0xD800 <= int(text[i + 2 : i + 6], 16) <= 0xDBFF else 6
                continue
            if not escape:
                return i, "the input ended inside an escape"
            if escape not in _ESCAPES:
                return i, f"`\\{_printable(escape)}` is not a JSON escape"
            i += 2
            continue
        if char < " ":
            return i, f"the control character U+{ord(char):04X} inside a string"
        i += 1
    return i, "the input ended inside a string"


def _unicode_escape_problem(text: str, at: int) -> str | None:
    """What is wrong with the `\\u` escape at `at`, if anything: four hexadecimal digits, and a
    surrogate only as a pair."""
    digits = text[at + 2 : at + 6]
    if not all(c in _HEX for c in digits):
        return "`\\u` is not followed by four hexadecimal digits"
    if len(digits) < 4:
        return "the input ended inside an escape"
    code = int(digits, 16)
    if 0xDC00 <= code <= 0xDFFF:
        return f"the escape `\\u{digits}` is a lone surrogate"
    if 0xD800 <= code <= 0xDBFF:
        pair = text[at + 6 : at + 12]
        low = pair[2:]
        if not (pair[:2] == "\\u" and _is_hex4(low) and 0xDC00 <= int(low, 16) <= 0xDFFF):
            return f"the escape `\\u{digits}` is a lone surrogate"
    return None


def _is_hex4(digits: str) -> bool:
    return len(digits) == 4 and all(c in _HEX for c in digits)


def _number_end(text: str, start: int) -> tuple[int, str | None]:
    match = _NUMBER.match(text, start)
    if match is None:
        return start, "a malformed number"
    after = match.end()
    if after < len(text) and text[after] in "0123456789.eE+-":
        return start, "a malformed number (JSON numbers have no leading zeros)"
    if math.isinf(float(match[0])):
        return start, "a number beyond a 64-bit float"
    return after, None


def _literal_end(text: str, start: int) -> tuple[int, str | None]:
    for literal in _LITERALS:
        if text.startswith(literal, start):
            return start + len(literal), None
        rest = text[start:]
        if rest and literal.startswith(rest):
            return len(text), f"the input ended inside `{literal}`"
    return start, f"expected a value, found {_show(text[start])}"


def _show(char: str) -> str:
    return f"`{_printable(char)}`"


def _printable(char: str) -> str:
    """`char` as it may be shown in a message: control and invisible characters escaped."""
    shown = json.dumps(char)[1:-1]
    return "\\`" if shown == "`" else shown


_WHITESPACE_BYTES = b" \t\n\r"


def may_hide_a_fault(data: str | bytes, document: object) -> bool:
    """Whether `data`, which a JSON reader (jiter, as pydantic's) decoded as `document`, may hold
    what the Rust parser refuses: a key given twice in one object (the reader keeps the last
    value), `NaN`, `Infinity`, or a number beyond a 64-bit float (which the reader takes). When
    it may, the scanner decides (`first_fault(text, repeated_keys=True)`).

    A few microseconds for a body: the keys in the text are counted (each `"` that whitespace
    and a `:` follow; more, not fewer, when a string holds `\\":`), and so are the keys of the
    document, which holds one of each repeated key: equal counts mean no key is given twice. The
    count meets every number of the document, and a number that is not finite stops it. (Counting
    the keys of the model pydantic made instead, its fields set, took longer than decoding the
    text again.)"""
    try:
        keys_read = _keys_in(document)
    except _NotFinite:
        return True
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return raw.translate(None, _WHITESPACE_BYTES).count(b'":') != keys_read


class _NotFinite(Exception):
    """A number that is not finite: `NaN`, `Infinity`, or one beyond a 64-bit float."""


_LEAVES = frozenset({str, int, bool, type(None)})


def _keys_in(value: object) -> int:
    """How many keys the objects of a decoded document hold, all told; `_NotFinite` when it holds
    a number that is not finite."""
    kind = type(value)
    if kind is dict:
        items: Iterable[object] = value.values()  # type: ignore[attr-defined]
        count = len(value)  # type: ignore[arg-type]
    elif kind is list:
        items, count = value, 0  # type: ignore[assignment]
    elif kind is float:
        if value - value != 0.0:  # type: ignore[operator]
            raise _NotFinite
        return 0
    else:
        return 0
    for item in items:
        kind = type(item)
        if kind in _LEAVES:
            continue
        if kind is float:
            if item - item != 0.0:  # type: ignore[operator]
                raise _NotFinite
            continue
        count += _keys_in(item)
    return count


def position(text: str, offset: int) -> tuple[int, int]:
    """The line and column (both from 1, the column in characters) of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
