"""The error of a body that cannot be read, and the words its messages are made of: one line that
says what is wrong and at which JSON path, short enough for a log (values are cut to a few dozen
characters, and control characters in them are escaped, so a body cannot forge a log line)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from pydantic_core import from_json

from .paths import Path, render
from .syntax import first_fault, may_hide_a_fault, position

_SHOWN_TEXT = 40
"""How many characters of a string value a message shows."""
_SHOWN_LIST = 120
"""How many characters of allowed values a message lists."""
_SHOWN_PATH = 100
"""The longest path a message shows whole."""


class CallbackError(ValueError):
    """A body that is not a callback this package can read: not JSON, not an object, without a
    callback type, or not what its type requires. Its message is one line, such as

        event_processed callback: expected a string, found the number 42 at `event_processed.action.failure.reason`
    """

    problem: str
    """What is wrong, in words."""
    path: Path
    """Where: the keys and indexes from the document to the value at fault (`()` for the whole
    document; for a missing field, the object that lacks it)."""
    where: str
    """`path` as the message shows it (`event_processed.action.failure.reason`, `.`)."""
    callback_type: str | None
    """The callback type the body was read as, when the fault came after dispatch."""
    line: int | None
    """For a body that is not JSON: the line of the fault, from 1."""
    column: int | None
    """For a body that is not JSON: the column of the fault (in characters), from 1."""

    def __init__(
        self,
        problem: str,
        *,
        path: Path = (),
        callback_type: str | None = None,
        at: tuple[int, int] | None = None,
        subject: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = path
        self.where = render(path)
        self.callback_type = callback_type
        self.line, self.column = at if at is not None else (None, None)
        if subject is None:
            subject = f"{callback_type} callback" if callback_type else "callback body"
        message = f"{subject}: {problem}"
        if path:
            message += f" at `{_abridged(self.where)}`"
        if at is not None:
            message += f" (line {at[0]}, column {at[1]})"
        super().__init__(message)


def _abridged(where: str) -> str:
    """A path as a message shows it: whole unless it is very long (a value nested hundreds of
    levels deep), then its start and its end."""
    if len(where) <= _SHOWN_PATH:
        return where
    return f"{where[:60]}…{where[-30:]}"


def not_json(data: str | bytes, reader_says: str, subject: str | None = None) -> CallbackError:
    """The error of `data`, which a JSON reader refused saying `reader_says`: the first fault,
    with the path of the value being read there."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            prefix = data[: error.start].decode("utf-8")
            fault = first_fault(prefix)
            return CallbackError(
                f"not UTF-8: the byte 0x{data[error.start]:02X}",
                path=fault.path if fault else (),
                at=position(prefix, len(prefix)),
                subject=subject,
            )
    else:
        text = data
    fault = first_fault(text)
    if fault is None:
        # The reader refuses a document RFC 8259 allows (nested too deeply, say): its own words,
        # at the path of the place it names.
        words, at = _reader_position(reader_says)
        if at is None:
            return CallbackError(f"cannot be read: {words[:150]}", subject=subject)
        stopped = first_fault(text, stop=_offset(text, *at))
        return CallbackError(
            f"cannot be read: {words[:150]}",
            path=stopped.path if stopped else (),
            at=at,
            subject=subject,
        )
    return CallbackError(
        f"not JSON: {fault.problem}",
        path=fault.path,
        at=position(text, fault.offset),
        subject=subject,
    )


def beyond_json(
    data: str | bytes,
    document: object = None,
    *,
    subject: str | None = None,
    callback_type: str | None = None,
) -> CallbackError | None:
    """The error of `data`, which a JSON reader took (and decoded as `document`), when it holds
    what the Rust parser refuses: a key given twice in
    one object, `NaN`, `Infinity`, or a number beyond a 64-bit float; `None` otherwise, or when
    `data` is not UTF-8 (the reader says so). A quick count (`may_hide_a_fault`) finds the bodies
    that may; the scanner places the fault. Without `document`, `data` is decoded here.

    A key given twice is named with the type the body was read as (`callback_type`), but for the
    type field itself: which of its values the body meant is not known."""
    if document is None:
        try:
            document = from_json(data)
        except ValueError:
            document = _UNREAD
    if document is not _UNREAD and not may_hide_a_fault(data, document):
        return None
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        return None
    fault = first_fault(text, repeated_keys=True)
    if fault is None:
        return None
    if not fault.repeated:
        return not_json(text, "", subject)
    if fault.path in (("callback_type",), ("event_type",)):
        callback_type = None
    return CallbackError(
        fault.problem,
        path=fault.path,
        callback_type=callback_type,
        at=position(text, fault.offset),
        subject=subject,
    )


_UNREAD = object()
"""A document the reader could not decode: the scanner decides alone."""


def _reader_position(says: str) -> tuple[str, tuple[int, int] | None]:
    """The words and the position of a JSON reader's message (`... at line 5 column 261`)."""
    match = re.fullmatch(r"(.*) at line (\d+) column (\d+)", says, flags=re.DOTALL)
    if match is None:
        return says, None
    return match[1], (int(match[2]), int(match[3]))


def _offset(text: str, line: int, column: int) -> int:
    """The offset of a line and column (both from 1) in `text`."""
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    return start + column - 1


def quoted(text: str) -> str:
    """A string value as a message shows it: in double quotes, escaped, cut when long."""
    if len(text) <= _SHOWN_TEXT:
        return json.dumps(text)
    return json.dumps(text[:_SHOWN_TEXT])[:-1] + '…"'


def shown(value: Any) -> str:
    """A JSON value as a message shows it: scalars as they are written, containers by kind."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return json.dumps(value)


def found(value: Any) -> str:
    """What a message says was found instead: `the number 42`, `the string "x"`, `null`."""
    if isinstance(value, str):
        return f"the string {quoted(value)}"
    if isinstance(value, bool) or value is None:
        return shown(value)
    if isinstance(value, (int, float)):
        return f"the number {shown(value)}"
    return shown(value)


def expected_kinds(kinds: Iterable[str], value: Any) -> str:
    """`expected a string or an integer, found the number 1.5`."""
    unique = list(dict.fromkeys(kinds))
    listed = unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " or " + unique[-1]
    return f"expected {listed}, found {found(value)}"


def one_of(values: Iterable[Any]) -> str:
    """`"ANDROID", "IOS"`: the allowed values a message lists, as many as fit in a few dozen
    characters, then how many there are."""
    values = list(values)
    listed = ""
    for value in values:
        more = shown(value) if not listed else f"{listed}, {shown(value)}"
        if listed and len(more) > _SHOWN_LIST:
            return f"{listed}, … ({len(values)} in all)"
        listed = more
    return listed


def json_type(schema_type: str) -> str:
    """A JSON Schema type as a message names it."""
    return {
        "string": "a string",
        "integer": "an integer",
        "number": "a number",
        "boolean": "true or false",
        "object": "an object",
        "array": "an array",
        "null": "null",
    }.get(schema_type, schema_type)
