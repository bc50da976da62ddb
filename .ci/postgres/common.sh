# What start.sh and stop.sh share: where PostgreSQL's programs are, and the user that runs them.
# Sourced, not run.

# The folder of initdb and pg_ctl: on the PATH, or the newest of Debian's versioned folders.
postgres_bin() {
  local found
  if found=$(command -v initdb 2>/dev/null); then
    dirname "$(readlink -f "$found")"
    return
  fi
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

# The user that owns and runs the server: initdb refuses to run as root, so as root it is the
# `postgres` user the Debian package creates; anyone else runs it as themselves.
postgres_user() {
  if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi
}

# Runs a command as that user.
as_postgres_user() {
  if [ "$(id -u)" != 0 ]; then
    "$@"
  elif command -v runuser >/dev/null; then
    runuser -u postgres -- "$@"
  else
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  fi
}
