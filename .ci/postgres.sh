#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the tests and print its URL.
# Installs Debian's postgresql when its binaries are missing. Stop it with:
#   runuser -u postgres -- pg_ctl -D DIR/data stop   (DIR is printed on stderr)
set -euo pipefail
find_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bindir=$(find_bindir)
if [ -z "$bindir" ]; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bindir=$(find_bindir)
fi
port=${AGENTSIM_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
dir=$(mktemp -d /tmp/agentsim-pg.XXXXXX)
chown postgres "$dir"
runuser -u postgres -- "$bindir/initdb" -D "$dir/data" -A trust -U agentsim >/dev/null
runuser -u postgres -- "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir" start >/dev/null
runuser -u postgres -- "$bindir/createdb" -h 127.0.0.1 -p "$port" -U agentsim agentsim
echo "PostgreSQL for tests in $dir (port $port)" >&2
echo "postgresql+psycopg://agentsim@127.0.0.1:$port/agentsim"
