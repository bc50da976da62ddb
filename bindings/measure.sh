#!/usr/bin/env bash
# Measures the parse time per body of the two packages' helpers against their baselines, in one
# run on this machine (figures as ratios): the Python package's `parse_callback` against
# `jsonschema.validate` with the union schema (measure/python.py), and the npm package's
# `parseCallback` against Ajv compiling the union schema at run time (measure/node.mjs). Each
# package is built and installed as CI does it, into a temporary environment, with the baseline
# at the version the cross-language check pins.
#
#   bash bindings/measure.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
# shellcheck source=../.ci/cross-language/setup.sh
source .ci/cross-language/setup.sh
CI_TOOLS=.ci/cross-language

scratch="$(mktemp -d "${TMPDIR:-/tmp}/vibes-measure.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

PIP_CONSTRAINT="$ROOT/$CI_TOOLS/python-package.txt" "$VENV/bin/python" -m build --wheel \
  --outdir "$scratch/dist" bindings/python >/dev/null 2>&1
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  -c "$CI_TOOLS/requirements.txt" "$(ls "$scratch"/dist/*.whl)[jsonschema]"
"$scratch/venv/bin/python" bindings/measure/python.py "$ROOT"

NPM_QUIET=(--no-audit --no-fund --loglevel=error)
(cd bindings/typescript && npm ci "${NPM_QUIET[@]}" >/dev/null && npm pack --pack-destination "$scratch" "${NPM_QUIET[@]}" >/dev/null)
ajv="$(node -p "require('./$CI_TOOLS/package.json').dependencies.ajv")"
mkdir "$scratch/project"
cp bindings/measure/node.mjs "$scratch/project/"
cd "$scratch/project"
npm init -y >/dev/null
npm install "${NPM_QUIET[@]}" "$(ls "$scratch"/vibes-callbacks-*.tgz)" "ajv@$ajv" >/dev/null
node node.mjs "$ROOT"
