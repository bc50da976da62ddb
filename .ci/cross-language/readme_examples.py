#!/usr/bin/env python3
"""Run the README's examples of the generated bindings, so that they cannot rot.

Each fenced block right after a `<!-- checked by .ci/cross-language/readme_examples.py -->`
line of README.md is an example defining `receive(body)`:
  - the Python one is loaded as a module (with bindings/python on the path) and run on fixtures;
  - the TypeScript one is written to typescript/readme/example.ts beside copies of the
    declaration file and the union schema it imports, compiled with typescript/readme-check.ts
    by `tsc --strict` (tsconfig.readme.json), and run by node.
On each: a documented body is read into its own class, an older body into its `Legacy` class, a
body of an unknown callback type comes back as the raw object, and a broken body of a known type
is an error.

Usage: readme_examples.py path/to/tsc. Exits 1 when an example is missing or fails.
"""

import contextlib
import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MARKER = "<!-- checked by .ci/cross-language/readme_examples.py -->"
FIXTURES = ROOT / "tests" / "fixtures"


def examples():
    """The checked examples of README.md, by language."""
    found = {}
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    pattern = re.escape(MARKER) + r"\s*```(\w+)\n(.*?)\n```"
    for language, code in re.findall(pattern, text, flags=re.S):
        found[language] = code + "\n"
    return found


def check_python(code):
    sys.path.insert(0, str(ROOT / "bindings" / "python"))
    from pydantic import ValidationError

    import vibes_callbacks

    scratch = ROOT / "target" / "cross-language-readme"
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "readme_example.py").write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("readme_example", scratch / "readme_example.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)

    failures = []

    def run(fixture):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = example.receive((FIXTURES / fixture).read_bytes())
        return result, out.getvalue()

    for fixture, cls, printed in [
        ("callbacks/docs/person_added__platform.json", "PersonAdded", "new person 12344566"),
        ("callbacks/seeds/person_added__test_callback.json", "LegacyPersonAdded", "new person None"),
        (
            "callbacks/seeds/event_processed__routing_no_route_rules.json",
            "EventProcessed",
            "not routed: no_route_rules_found_for_event",
        ),
    ]:
        result, out = run(fixture)
        if not isinstance(result, getattr(vibes_callbacks, cls)) or printed not in out:
            failures.append(f"{fixture}: got {type(result).__name__} printing {out!r}")
    result, _ = run("strict/unknown_callback_type.json")
    if result != json.loads((FIXTURES / "strict/unknown_callback_type.json").read_bytes()):
        failures.append(f"an unknown type was not kept raw: {type(result).__name__}")
    try:
        run("invalid/nested_wrong_type.json")
        failures.append("a broken event_processed body was not refused")
    except ValidationError:
        pass
    return failures


def check_typescript(code, tsc):
    folder = HERE / "typescript" / "readme"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "example.ts").write_text(code, encoding="utf-8")
    shutil.copy(ROOT / "bindings" / "typescript" / "vibes-callbacks.d.ts", folder)
    shutil.copy(ROOT / "schemas" / "callback-union.schema.json", folder)
    compiled = subprocess.run(
        [tsc, "-p", str(HERE / "typescript" / "tsconfig.readme.json")], capture_output=True, text=True
    )
    if compiled.returncode != 0:
        return [f"tsc: {compiled.stdout}{compiled.stderr}"]
    ran = subprocess.run(
        ["node", str(folder / "out" / "readme-check.js")], capture_output=True, text=True
    )
    if ran.returncode != 0:
        return [f"node: {ran.stdout}{ran.stderr}"]
    return []


def main():
    found = examples()
    failures = []
    for language in ("python", "ts"):
        if language not in found:
            failures.append(f"README.md has no checked {language} example")
    if "python" in found:
        failures += [f"python example: {f}" for f in check_python(found["python"])]
    if "ts" in found:
        failures += [f"typescript example: {f}" for f in check_typescript(found["ts"], sys.argv[1])]
    for failure in failures:
        print(f"FAIL {failure}")
    print(f"readme examples: {len(found)} run, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
