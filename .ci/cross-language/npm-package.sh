#!/usr/bin/env bash
# The npm package (bindings/typescript) as a user gets it: `npm ci` and `npm pack` in its folder
# (TypeScript from the registry at the version its package-lock.json pins; packing builds dist/),
# then two fresh projects made by `npm init -y`, one `"type": "module"` and one CommonJS, each
# installing the tarball with TypeScript and Node's types (at the versions the package builds
# with: its devDependencies). In each: `tsc --strict` compiles the tests (bindings/typescript/test,
# with the README's example), node's test runner runs them against the repository's fixtures and
# the Rust parser's readings of them, and plain JavaScript imports and requires the package.
#
#   bash .ci/cross-language/npm-package.sh [READINGS]
#
# READINGS: a file holding the output of `cargo xtask readings` (made when not given).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/vibes-npm-package.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
readings="${1:-}"
if [[ -z $readings ]]; then
  readings="$scratch/readings.json"
  cargo xtask readings >"$readings"
fi
readings="$(cd "$(dirname "$readings")" && pwd)/$(basename "$readings")"
NPM_QUIET=(--no-audit --no-fund --loglevel=error)

echo "npm package: npm ci && npm pack in bindings/typescript"
(cd bindings/typescript && npm ci "${NPM_QUIET[@]}" >/dev/null && npm pack --pack-destination "$scratch" "${NPM_QUIET[@]}" >/dev/null)
tarball="$(ls "$scratch"/vibes-callbacks-*.tgz)"
typescript="$(node -p "require('./bindings/typescript/package.json').devDependencies.typescript")"
node_types="$(node -p "require('./bindings/typescript/package.json').devDependencies['@types/node']")"

for kind in module commonjs; do
  project="$scratch/$kind-project"
  mkdir "$project"
  cd "$project"
  echo "npm package: a fresh \"type\": \"$kind\" project installs $(basename "$tarball")"
  npm init -y >/dev/null
  npm pkg set type="$kind"
  npm install "${NPM_QUIET[@]}" "$tarball" "typescript@$typescript" "@types/node@$node_types" >/dev/null
  cp "$ROOT"/bindings/typescript/test/* .
  node -e '
    const fs = require("fs");
    const readme = fs.readFileSync(process.argv[1], "utf8");
    const marker = "<!-- checked by bindings/typescript/test/readme.test.ts -->";
    const block = readme.split(marker)[1]?.match(/^\s*```ts\n([\s\S]*?)\n```/);
    if (!block) throw new Error("bindings/typescript/README.md has no checked example");
    fs.writeFileSync("readme-example.ts", block[1] + "\n");
  ' "$ROOT/bindings/typescript/README.md"
  echo "npm package: tsc --strict (the tests, narrowing.ts, the README's example)"
  node_modules/.bin/tsc -p tsconfig.json
  echo "npm package: node --test"
  VIBES_ROOT="$ROOT" VIBES_READINGS="$readings" node --test out/*.test.js >"$scratch/test.log" 2>&1 \
    || { cat "$scratch/test.log"; exit 1; }
  tail -8 "$scratch/test.log" | grep -E "^# (tests|pass|fail)" | tr '\n' ' '
  echo
  node smoke.mjs
  node smoke.cjs
done
