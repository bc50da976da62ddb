#!/usr/bin/env bash
# Cross-language check of the JSON Schemas in schemas/:
#   - every fixture is validated against its schema file with Python's
#     `jsonschema` and with Node's ajv (Ajv2020), and both verdicts must match
#     the Rust parser's strict verdict (`cargo xtask verdicts`);
#   - TypeScript types are generated from the schema files with
#     json-schema-to-typescript, and typescript/sample.ts, which types
#     documented bodies with them, must pass `tsc --noEmit`.
# Installs what it needs, at the versions pinned in requirements.txt and
# package-lock.json, into git-ignored folders: a venv in
# target/cross-language-venv and .ci/cross-language/node_modules.
# Idempotent; run from anywhere: `bash .ci/cross-language/run.sh`.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
start=$SECONDS

VENV="$ROOT/target/cross-language-venv"
NODE_DIR="$HERE"

step() { echo "cross-language: $*"; }

# --- Python: a venv with the pinned requirements ------------------------------
if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
  step "creating venv in ${VENV#"$ROOT"/}"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi
step "pip install -r .ci/cross-language/requirements.txt"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  -r "$HERE/requirements.txt"

# --- Node: npm ci from the committed lock file -------------------------------
step "npm ci in .ci/cross-language"
(cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# --- The Rust verdicts -------------------------------------------------------
verdicts="$(mktemp "${TMPDIR:-/tmp}/vibes-verdicts.XXXXXX.json")"
trap 'rm -f "$verdicts"' EXIT
step "cargo xtask verdicts"
cargo xtask verdicts >"$verdicts"

# --- The checks: run them all, then fail if any failed -----------------------
failures=()

"$VENV/bin/python" "$HERE/validate.py" "$verdicts" || failures+=("python jsonschema")
node "$HERE/validate.mjs" "$verdicts" || failures+=("node ajv")

if node "$HERE/typescript/generate-types.mjs"; then
  if "$NODE_DIR/node_modules/.bin/tsc" --noEmit -p "$HERE/typescript"; then
    step "tsc --noEmit -p .ci/cross-language/typescript passed"
  else
    failures+=("tsc --noEmit")
  fi
else
  failures+=("json-schema-to-typescript")
fi

elapsed=$((SECONDS - start))
if ((${#failures[@]})); then
  step "FAILED (${failures[*]}) after ${elapsed}s"
  exit 1
fi
step "all checks passed in ${elapsed}s"
