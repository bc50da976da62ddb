#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the receiver's tests: a new cluster in a temporary
# folder, owned by a user that is not root, listening on a free port of 127.0.0.1 only, with
# trust authentication, and one database. Installs Debian's `postgresql` package first if no
# `initdb` is found.
#
# Its standard output is shell to evaluate; everything else goes to standard error:
#
#   eval "$(bash .ci/postgres/start.sh)"    # sets VIBES_TEST_POSTGRES_URL and VIBES_POSTGRES_DIR
#   cargo test -p vibes-receiver            # the PostgreSQL tests now run
#   bash .ci/postgres/stop.sh "$VIBES_POSTGRES_DIR"
set -euo pipefail
here=$(dirname "$0")
. "$here/common.sh"
# Standard output is kept (as 3) for the lines to evaluate.
exec 3>&1 1>&2

bin=$(postgres_bin) || true
if [ -z "$bin" ]; then
  echo "postgres: no initdb found; installing Debian's postgresql package"
  if [ "$(id -u)" != 0 ]; then
    echo "postgres: installing needs root: run 'apt-get install -y postgresql' as root" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bin=$(postgres_bin)
fi
user=$(postgres_user)

dir=$(mktemp -d "${TMPDIR:-/tmp}/vibes-postgres.XXXXXX")
chown "$user" "$dir"
chmod 700 "$dir"
as_postgres_user "$bin/initdb" --pgdata="$dir/data" --auth=trust --username=postgres \
  --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log"
  exit 1
}

# A free port: one nothing answers on, and that the server then binds (another process may take
# it in between, so a failed start tries the next). The server must not hold the output to
# evaluate open (3), or `eval "$(...)"` would wait for it to exit.
port=""
for _ in $(seq 1 20); do
  candidate=$((20000 + RANDOM % 30000))
  if (exec 9<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    continue
  fi
  if as_postgres_user "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait \
    --timeout=60 --silent \
    -o "-c listen_addresses=127.0.0.1 -c port=$candidate -c unix_socket_directories=$dir" \
    start 3>&-; then
    port=$candidate
    break
  fi
done
if [ -z "$port" ]; then
  echo "postgres: the server did not start; its log:" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
fi
as_postgres_user "$bin/createdb" --host=127.0.0.1 --port="$port" --username=postgres vibes_test

url="postgres://postgres@127.0.0.1:$port/vibes_test"
echo "postgres: a throw-away server for the tests at $url (data in $dir)"
echo "export VIBES_TEST_POSTGRES_URL=$url" >&3
echo "export VIBES_POSTGRES_DIR=$dir" >&3
echo "# stop it with: bash .ci/postgres/stop.sh $dir" >&3
