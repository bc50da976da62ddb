#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/<target>/, not committed) from the test fixtures,
# and adds the inputs kept as regressions. Run from anywhere; safe to run again.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
fixtures="$fuzz/../tests/fixtures"
corpus="$fuzz/corpus"

seed() { # seed <target> <file>...
    mkdir -p "$corpus/$1"
    local target="$1"
    shift
    for file in "$@"; do
        [ -f "$file" ] || continue
        # Named by content, so that running this again adds nothing twice.
        cp "$file" "$corpus/$target/seed-$(sha1sum "$file" | cut -c1-16)"
    done
}

mapfile -t bodies < <(find "$fixtures/callbacks" "$fixtures/strict" "$fixtures/invalid" -name '*.json')
seed callback_lenient "${bodies[@]}"
seed callback_strict "${bodies[@]}"
mapfile -t api < <(find "$fixtures/registrations" "$fixtures/entities" "$fixtures/api_errors" \
    "$fixtures/test_events" -name '*.json')
seed registrations "${api[@]}"

# Headers: the JSON fixtures written as HTTP/1 header lines, the target's input form.
mkdir -p "$corpus/headers"
for file in "$fixtures"/headers/*/*.json; do
    python3 - "$file" > "$corpus/headers/seed-$(basename "$file" .json)" <<'PY'
import json, sys
for name, value in json.load(open(sys.argv[1])).items():
    print(f"{name}: {value}")
PY
done

# API paths: a company key, a line break, a callback id.
mkdir -p "$corpus/api_paths"
printf 'acme\nHzh39LP3' > "$corpus/api_paths/seed-plain"
printf 'acme co/1\na/b?c#d%%' > "$corpus/api_paths/seed-escaped"
printf 'a.b\n...' > "$corpus/api_paths/seed-dots"

# Inputs that once broke a target, kept as test fixtures.
regressions="$fixtures/regressions"
if [ -d "$regressions" ]; then
    for folder in "$regressions"/*/; do
        target="$(basename "$folder")"
        mapfile -t kept < <(find "$folder" -type f ! -name '*.md')
        seed "$target" "${kept[@]}"
    done
fi
for target in "$corpus"/*/; do
    echo "$(basename "$target"): $(find "$target" -type f | wc -l) inputs"
done
