#!/usr/bin/env bash
# The Python package (bindings/python) as a user gets it: `python -m build` makes its sdist and
# wheel (the build backend from PyPI, pinned in python-package.txt), the wheel is installed with
# its `jsonschema` extra into a fresh virtual environment, and pytest runs there, outside the
# source folder, against the repository's fixtures and the Rust parser's readings of them. Twice:
# with pydantic and jsonschema at the pins of requirements.txt, and at the oldest versions the
# package claims (python-package-oldest.txt).
#
#   bash .ci/cross-language/python-package.sh [READINGS]
#
# READINGS: a file holding the output of `cargo xtask readings` (made when not given).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

# shellcheck source=setup.sh
source "$HERE/setup.sh"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/vibes-python-package.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
readings="${1:-}"
if [[ -z $readings ]]; then
  readings="$scratch/readings.json"
  cargo xtask readings >"$readings"
fi
readings="$(cd "$(dirname "$readings")" && pwd)/$(basename "$readings")"

echo "python package: python -m build bindings/python"
PIP_CONSTRAINT="$HERE/python-package.txt" "$VENV/bin/python" -m build --outdir "$scratch/dist" \
  bindings/python >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log"; exit 1; }
wheel="$(ls "$scratch"/dist/*.whl)"

cd "$scratch"
for versions in requirements.txt python-package-oldest.txt; do
  venv="$scratch/venv-${versions%.txt}"
  echo "python package: $(basename "$wheel") into a fresh virtual environment, with $versions"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    -c "$HERE/$versions" -c "$HERE/python-package.txt" "$wheel[jsonschema]" pytest
  echo "python package: pytest bindings/python/tests against the installed wheel"
  VIBES_ROOT="$ROOT" VIBES_READINGS="$readings" PYTHONDONTWRITEBYTECODE=1 \
    "$venv/bin/python" -m pytest "$ROOT/bindings/python/tests" -q
done
