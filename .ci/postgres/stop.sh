#!/usr/bin/env bash
# Stops the server that start.sh started, and removes its folder: `bash .ci/postgres/stop.sh DIR`.
set -euo pipefail
here=$(dirname "$0")
. "$here/common.sh"
dir=${1:?usage: stop.sh DIR (the VIBES_POSTGRES_DIR that start.sh printed)}
if [ -f "$dir/data/postmaster.pid" ]; then
  as_postgres_user "$(postgres_bin)/pg_ctl" --pgdata="$dir/data" --mode=fast --wait --silent stop
fi
rm -rf "$dir"
