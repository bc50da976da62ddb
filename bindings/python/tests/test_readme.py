"""The README's example (the block after `<!-- checked by bindings/python/tests/test_readme.py -->`
in bindings/python/README.md), run on fixtures: a documented body is read into its own class, an
older one into its `Legacy` class, an unknown type is kept, and a broken body of a known type is
refused with its path."""

from __future__ import annotations

import contextlib
import io
import re
import types

import pytest
from conftest import ROOT, body_of

MARKER = "<!-- checked by bindings/python/tests/test_readme.py -->"


@pytest.fixture(scope="module")
def example() -> types.ModuleType:
    readme = (ROOT / "bindings" / "python" / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(re.escape(MARKER) + r"\s*```python\n(.*?)\n```", readme, flags=re.S)
    assert len(blocks) == 1, "the README has one checked Python example"
    module = types.ModuleType("readme_example")
    exec(compile(blocks[0], "README.md", "exec"), module.__dict__)  # noqa: S102 - our own README
    return module


def run(example: types.ModuleType, fixture: str) -> tuple[object, str]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = example.receive(body_of(f"tests/fixtures/{fixture}"))
    return result, printed.getvalue()


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
        (
            "invalid/nested_wrong_type.json",
            400,
            "refused at event_processed.action.failure.reason:",
        ),
    ],
)
def test_the_example_runs(example: types.ModuleType, fixture: str, answer: int, printed: str) -> None:
    result, out = run(example, fixture)
    assert result == answer
    assert printed in out
