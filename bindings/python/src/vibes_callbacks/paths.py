"""JSON paths as errors show them, written as the Rust crate writes them: keys joined by dots
(`event_processed.action.failure.reason`), array items by index (`errors[1]`), a key that is not
a plain word quoted (`["odd key"]`), and the whole document as `.`."""

from __future__ import annotations

import json
import re

Path = tuple[str | int, ...]
"""The keys and array indexes from the document to a value; `()` is the document itself."""

_PLAIN_KEY = re.compile(r"[A-Za-z0-9_]+")


def render(path: Path) -> str:
    """`path` as errors show it."""
    if not path:
        return "."
    shown = []
    for segment in path:
        if isinstance(segment, int):
            shown.append(f"[{segment}]")
        elif _PLAIN_KEY.fullmatch(segment):
            shown.append(f".{segment}" if shown else segment)
        else:
            shown.append(f"[{json.dumps(segment)}]")
    return "".join(shown)
