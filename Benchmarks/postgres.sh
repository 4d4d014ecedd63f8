# Sourced by a benchmark to run it on PostgreSQL: starts a throwaway server in $work/pg on a free port ($pgport) with
# a database and superuser named kindred, stopped when the benchmark exits.
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pguser=$( [ "$(id -u)" = 0 ] && echo nobody || id -un )
mkdir -p "$work/pg"; chmod 777 "$work" "$work/pg"
runpg() { if [ "$(id -u)" = 0 ]; then su -s /bin/sh "$pguser" -c "$*"; else sh -c "$*"; fi; }
runpg "$pgbin/initdb -D $work/pg/data -U kindred --auth=trust -E UTF8" >/dev/null
runpg "$pgbin/pg_ctl -D $work/pg/data -o '-p $pgport -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=on -c shared_buffers=256MB' -l $work/pg/log -w start" >/dev/null
psql -q -h 127.0.0.1 -p "$pgport" -U kindred -d postgres -c "CREATE DATABASE kindred" >/dev/null
trap '[ -n "${server:-}" ] && kill "$server" 2>/dev/null; runpg "$pgbin/pg_ctl -D $work/pg/data -m fast stop" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
