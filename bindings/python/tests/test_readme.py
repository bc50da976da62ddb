"""The blocks of bindings/python/README.md marked `<!-- checked by bindings/python/tests/test_readme.py -->`:

- the receiving example, run on fixtures: a documented body is read into its own class, an older
  one into its `Legacy` class, an unknown type is kept, and a broken body of a known type is
  refused with its path;
- the error messages, each of which must be what `parse_callback` says of a fixture;
- the `validate` example, run on a callback body and a registration.
"""

from __future__ import annotations

import contextlib
import io
import re
import types

import pytest
from conftest import FIXTURES, ROOT, body_of, readings

from vibes_callbacks import CallbackError, parse_callback

MARKER = "<!-- checked by bindings/python/tests/test_readme.py -->"


def marked(language: str) -> list[str]:
    """The README's checked blocks of `language`, in order."""
    readme = (ROOT / "bindings" / "python" / "README.md").read_text(encoding="utf-8")
    pattern = re.escape(MARKER) + r"\n```" + language + r"\n(.*?)\n```"
    return re.findall(pattern, readme, flags=re.S)


def test_every_marked_block_is_checked_here() -> None:
    readme = (ROOT / "bindings" / "python" / "README.md").read_text(encoding="utf-8")
    assert readme.count(MARKER) == len(marked("python")) + len(marked("text")) == 3


@pytest.fixture(scope="module")
def example() -> types.ModuleType:
    module = types.ModuleType("readme_example")
    exec(compile(marked("python")[0], "README.md", "exec"), module.__dict__)  # noqa: S102 - our own README
    return module


@pytest.mark.parametrize(
    ("fixture", "answer", "printed"),
    [
        ("callbacks/docs/person_added__platform.json", 200, "new person 12344566"),
        ("callbacks/seeds/person_added__test_callback.json", 200, "new person None"),
        (
            "callbacks/seeds/event_processed__routing_no_route_rules.json",
            200,
            "not routed: no_route_rules_found_for_event",
        ),
        ("strict/unknown_callback_type.json", 200, "stored a loyalty_points_earned callback"),
        ("invalid/nested_wrong_type.json", 400, "refused at event_processed.action.failure.reason:"),
    ],
)
def test_the_example_runs(example: types.ModuleType, fixture: str, answer: int, printed: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = example.receive(body_of(f"tests/fixtures/{fixture}"))
    assert result == answer
    assert printed in out.getvalue()


def test_every_message_shown_is_one_a_fixture_gives() -> None:
    given = set()
    for reading in readings():
        try:
            parse_callback(body_of(reading["fixture"]), strict=True)
        except CallbackError as error:
            given.add(str(error))
    shown = marked("text")[0].split("\n")
    assert shown
    for message in shown:
        assert message in given, message


def test_the_validate_example_runs() -> None:
    names = {
        "body": body_of("tests/fixtures/callbacks/docs/person_added__platform.json"),
        "registration": sorted((FIXTURES / "registrations" / "docs").glob("*.json"))[0].read_bytes(),
    }
    exec(compile(marked("python")[1], "README.md", "exec"), names)  # noqa: S102 - our own README
