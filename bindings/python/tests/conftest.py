"""What the tests share: the repository they read the fixtures from, the Rust parser's readings of
those fixtures (`cargo xtask readings`), and the rules a reading is held to.

The tests run against the installed package (CI builds a wheel and installs it into a fresh
virtual environment: .ci/cross-language/python-package.sh); `test_installed.py` checks that the
package imported is not this folder's source.

Environment: `VIBES_ROOT`, the repository (default: the one holding this file), and
`VIBES_READINGS`, a file holding the output of `cargo xtask readings` (default: run it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(os.environ.get("VIBES_ROOT") or Path(__file__).resolve().parents[3])
FIXTURES = ROOT / "tests" / "fixtures"
MAX_MESSAGE = 300
"""The longest message an error may have."""


@cache
def readings() -> list[dict[str, Any]]:
    """The Rust parser's readings of every callback body fixture, lenient and strict."""
    given = os.environ.get("VIBES_READINGS")
    if given:
        return json.loads(Path(given).read_text(encoding="utf-8"))
    printed = subprocess.run(
        ["cargo", "xtask", "readings"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(printed)


def body_of(fixture: str) -> bytes:
    """The body a fixture holds: a `.json` file byte for byte, a `.txt` file with each `\\xHH`
    turned into the byte it names (tests/fixtures/errors/callbacks/SOURCES.md)."""
    data = (ROOT / fixture).read_bytes()
    if fixture.endswith(".txt"):
        data = re.sub(rb"\\x([0-9a-fA-F]{2})", lambda match: bytes([int(match[1], 16)]), data)
    return data


def fixture_id(reading: dict[str, Any]) -> str:
    return reading["fixture"].removeprefix("tests/fixtures/")


FREE_FORM = ("custom_fields", "event_data")
"""The free-form objects of the callbacks: the Rust parser names the object for a fault inside."""


def same_place(ours: str, rust: str, problem: str = "") -> bool:
    """Whether a path names the place the Rust parser names: the same one, or one inside it where
    the README says why: a fault inside a free-form object, which the Rust parser places at the
    object, and a body nested deeper than pydantic's reader goes, placed where it stopped."""
    if ours == rust:
        return True
    inside = rust != "." and ours.startswith((f"{rust}.", f"{rust}["))
    free_form = rust.rsplit(".", 1)[-1] in FREE_FORM
    return inside and (free_form or problem.startswith("cannot be read"))


def error_problems(error: Exception, rust: dict[str, Any]) -> list[str]:
    """What is wrong with an error given for a body the Rust parser refuses as `rust` says."""
    from vibes_callbacks import CallbackError

    if not isinstance(error, CallbackError):
        return [f"raised {type(error).__name__}, not CallbackError: {error}"]
    problems = []
    message = str(error)
    if not same_place(error.where, rust["path"], error.problem):
        problems.append(f"refused at `{error.where}`, the Rust parser at `{rust['path']}`")
    if len(message) > MAX_MESSAGE:
        problems.append(f"a message of {len(message)} characters: {message[:80]}…")
    if not message.isprintable():
        problems.append(f"a message with line breaks or control characters: {message!r}")
    if error.path and f"`{error.where}`" not in message and "…" not in message:
        problems.append(f"a message that does not name its path: {message}")
    # The type read must be the Rust parser's; a body that could not be read as JSON names none
    # (the Rust parser reads types while it reads the JSON, so it may know one).
    unread = error.problem.startswith(("not JSON", "not UTF-8", "cannot be read"))
    if error.callback_type != rust["callback_type"] and not (unread and error.callback_type is None):
        problems.append(f"read as {error.callback_type}, the Rust parser as {rust['callback_type']}")
    return problems


def expected_class(reading: dict[str, Any], body: bytes) -> str:
    """The model a body the Rust parser accepts is read into: `PersonAdded`, or
    `LegacyPersonAdded` when it names its type only in `event_type`."""
    callback_type = reading["strict"]["callback_type"]
    current = isinstance(json.loads(body).get("callback_type"), str)
    name = "".join(word.capitalize() for word in callback_type.split("_"))
    return name if current else f"Legacy{name}"
