#!/usr/bin/env bash
# Installs the pinned tools of the cross-language checks and of the bindings generator into
# git-ignored folders: the Python packages of requirements.txt into a venv in
# target/cross-language-venv, the npm packages of package-lock.json into
# .ci/cross-language/node_modules. Reinstalls only when the pins changed since the last
# successful install. Sourced by run.sh and bindings/generate.sh; it sets VENV and NODE_BIN.
# Needs python3 (3.11+), node (20+), npm, and PyPI and npm registry access on the first run.

SETUP_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SETUP_ROOT="$(cd "$SETUP_HERE/../.." && pwd)"
VENV="$SETUP_ROOT/target/cross-language-venv"
NODE_BIN="$SETUP_HERE/node_modules/.bin"

setup_step() { echo "setup: $*" >&2; }

if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
  setup_step "creating venv in ${VENV#"$SETUP_ROOT"/}"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi
if ! cmp -s "$SETUP_HERE/requirements.txt" "$VENV/.requirements.txt"; then
  setup_step "pip install -r .ci/cross-language/requirements.txt"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    -r "$SETUP_HERE/requirements.txt"
  cp "$SETUP_HERE/requirements.txt" "$VENV/.requirements.txt"
fi

if ! cmp -s "$SETUP_HERE/package-lock.json" "$SETUP_HERE/node_modules/.package-lock.stamp"; then
  setup_step "npm ci in .ci/cross-language"
  (cd "$SETUP_HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  cp "$SETUP_HERE/package-lock.json" "$SETUP_HERE/node_modules/.package-lock.stamp"
fi
