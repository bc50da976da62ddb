"""The calendar check of a model's timestamps: a day its month does not have (`2021-02-30`), which
the schema's pattern lets through and the Rust parser refuses.

The check walks the model only when the body's text holds such a day: one search for `-29T`,
`-30T` or `-31T`, and the calendar of the date before each, so that a body of real days costs
next to nothing.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from pydantic import BaseModel

from .errors import quoted
from .generated import models
from .paths import Path

_LATE_DAY = re.compile(r"-(?:29|3[01])T")
_LATE_DAY_BYTES = re.compile(rb"-(?:29|3[01])T")


def day_past_its_month(value: BaseModel, text: str | bytes) -> tuple[Path, str] | None:
    """The path of the first timestamp of `value` (read from `text`) whose day its month does not
    have, and what is wrong, or `None` when every day exists."""
    late = _LATE_DAY_BYTES if isinstance(text, bytes) else _LATE_DAY
    if late.search(text) is None:  # type: ignore[arg-type]
        return None
    for match in late.finditer(text):  # type: ignore[arg-type]
        date = text[match.start() - 7 : match.end() - 1]
        if len(date) == 10 and date[:4].isdigit() and date[5:7].isdigit():
            if int(date[8:10]) > days_in_month(int(date[:4]), int(date[5:7])):
                return _walk(value, ())
    return None


def _walk(node: Any, path: Path) -> tuple[Path, str] | None:
    if isinstance(node, list):
        for index, item in enumerate(node):
            if (found := _walk(item, (*path, index))) is not None:
                return found
        return None
    if not isinstance(node, BaseModel):
        return None  # a plain value, or a free-form object: no timestamp fields in it
    for name, field in type(node).model_fields.items():
        item = getattr(node, name)
        key = field.alias or name
        if _is_timestamp(field.annotation) and isinstance(item, str):
            if (problem := calendar_problem(item)) is not None:
                return (*path, key), problem
        elif (found := _walk(item, (*path, key))) is not None:
            return found
    return None


def _is_timestamp(annotation: Any) -> bool:
    return annotation is models.Timestamp or models.Timestamp in get_args(annotation)


def calendar_problem(timestamp: str) -> str | None:
    """What is wrong with the date of a timestamp of the schema's shape (`YYYY-MM-DDT…`), if
    anything: a day past the end of its month, in the proleptic Gregorian calendar (year 0000
    is a leap year), as the Rust parser's calendar reads it."""
    year, month, day = int(timestamp[0:4]), int(timestamp[5:7]), int(timestamp[8:10])
    if day <= days_in_month(year, month):
        return None
    return f"{quoted(timestamp)} is not a valid Timestamp: {timestamp[:7]} has no day {day}"


def days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31
