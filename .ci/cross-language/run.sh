#!/usr/bin/env bash
# Cross-language checks of the schemas in schemas/ and the packages in bindings/:
#   - every fixture is validated against each of its schema files with Python's `jsonschema`
#     and with Node's Ajv (Ajv2020 in strict mode, which must compile every schema file), and
#     both verdicts must match the Rust parser's strict verdict (`cargo xtask verdicts`);
#   - the Python package is built into a wheel, installed into a fresh virtual environment and
#     tested there (python-package.sh);
#   - the npm package is packed, installed into a fresh ES module project and a fresh CommonJS
#     one, and tested in each (npm-package.sh).
# Both packages' tests hold them to the Rust parser's reading of every callback body fixture
# (`cargo xtask readings`). That bindings/ is what the generators make of the schemas is checked by
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
readings="$(mktemp "${TMPDIR:-/tmp}/vibes-readings.XXXXXX.json")"
trap 'rm -f "$verdicts" "$readings"' EXIT
step "cargo xtask verdicts, cargo xtask readings"
cargo xtask verdicts >"$verdicts"
cargo xtask readings >"$readings"

# The checks: run them all, then fail if any failed.
failures=()

"$VENV/bin/python" "$HERE/validate.py" "$verdicts" || failures+=("python jsonschema")
node "$HERE/validate.mjs" "$verdicts" || failures+=("node ajv")
bash "$HERE/python-package.sh" "$readings" || failures+=("python package")
bash "$HERE/npm-package.sh" "$readings" || failures+=("npm package")

elapsed=$((SECONDS - start))
if ((${#failures[@]})); then
  step "FAILED (${failures[*]}) after ${elapsed}s"
  exit 1
fi
step "all checks passed in ${elapsed}s"
