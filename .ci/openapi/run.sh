#!/usr/bin/env bash
# OpenAPI check: validates schemas/openapi.json with Python's openapi-spec-validator
# (OpenAPI 3.1, relative `$ref`s to the schema files resolved from the document's
# location) and checks that every `$ref` resolves (.ci/openapi/validate.py).
# Installs the validator, at the versions pinned in requirements.txt, into a venv
# in target/openapi-venv (git-ignored). Needs python3 (3.9+) and PyPI.
# Idempotent; run from anywhere: `bash .ci/openapi/run.sh [path/to/openapi.json]`.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

VENV="$ROOT/target/openapi-venv"
STAMP="$VENV/.requirements.txt"

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
  echo "openapi: creating venv in ${VENV#"$ROOT"/}"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi
# Reinstall only when the pins changed since the last successful install.
if ! cmp -s "$HERE/requirements.txt" "$STAMP"; then
  echo "openapi: pip install -r .ci/openapi/requirements.txt"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$STAMP"
fi

exec "$VENV/bin/python" "$HERE/validate.py" "$@"
