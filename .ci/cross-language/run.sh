#!/usr/bin/env bash
# Cross-language checks of the schemas in schemas/ and the bindings in bindings/:
#   - every fixture is validated against each of its schema files with Python's `jsonschema`
#     and with Node's Ajv (Ajv2020 in strict mode, which must compile every schema file), and
#     both verdicts must match the Rust parser's strict verdict (`cargo xtask verdicts`);
#   - the generated Python union (bindings/python, pydantic v2) reads every callback fixture the
#     Rust parser accepts into the class of its own type, with the fixture's values, and refuses
#     every one it refuses (python/read_fixtures.py);
#   - typescript/narrowing.ts narrows the generated TypeScript union (bindings/typescript) on
#     every callback type and action case, with `@ts-expect-error` lines for what must not
#     compile: `tsc --strict --noEmit`;
#   - the README's Python and TypeScript examples run on fixtures (readme_examples.py).
# That bindings/ is what the generators make of the schemas is checked by
# `bash bindings/generate.sh --check` (.ci/run runs it first).
# Installs what it needs, at the versions pinned in requirements.txt and package-lock.json, into
# git-ignored folders (setup.sh). Idempotent; run from anywhere: `bash .ci/cross-language/run.sh`.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
start=$SECONDS

step() { echo "cross-language: $*"; }

# shellcheck source=setup.sh
source "$HERE/setup.sh"

verdicts="$(mktemp "${TMPDIR:-/tmp}/vibes-verdicts.XXXXXX.json")"
trap 'rm -f "$verdicts"' EXIT
step "cargo xtask verdicts"
cargo xtask verdicts >"$verdicts"

# The checks: run them all, then fail if any failed.
failures=()

"$VENV/bin/python" "$HERE/validate.py" "$verdicts" || failures+=("python jsonschema")
node "$HERE/validate.mjs" "$verdicts" || failures+=("node ajv")
"$VENV/bin/python" "$HERE/python/read_fixtures.py" "$verdicts" || failures+=("python pydantic")
if "$NODE_BIN/tsc" --strict --noEmit -p "$HERE/typescript"; then
  step "tsc --strict --noEmit -p .ci/cross-language/typescript passed"
else
  failures+=("tsc --strict --noEmit")
fi
"$VENV/bin/python" "$HERE/readme_examples.py" "$NODE_BIN/tsc" || failures+=("README examples")

elapsed=$((SECONDS - start))
if ((${#failures[@]})); then
  step "FAILED (${failures[*]}) after ${elapsed}s"
  exit 1
fi
step "all checks passed in ${elapsed}s"
