#!/usr/bin/env bash
# PostgreSQL's own ceiling on this machine: `pgbench -N` (TPC-B-like without
# the updates of the two small tables: an UPDATE, a SELECT and an INSERT per
# transaction) with 16 and 64 clients, on a cluster this script starts itself
# with the settings the hub's benchmark uses — tests/support/postgres.hpp's
# TempPostgres with fsync on: initdb in a temporary folder, the server as
# `nobody` when run as root, a free port on 127.0.0.1 and the socket in the
# folder (never the packaged 15/main cluster), removed at the end.
#
#   bench/pgbench.sh [--seconds 10] [--scale 10] [--tcp]
#
# Clients connect through the unix socket unless --tcp (the hub's benchmark
# reaches PostgreSQL over 127.0.0.1).
set -euo pipefail

seconds=10
scale=10
tcp=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --scale) scale="$2"; shift 2 ;;
    --tcp) tcp=1; shift ;;
    *) echo "usage: $0 [--seconds N] [--scale N] [--tcp]" >&2; exit 2 ;;
  esac
done

bin="${JIAYI_PG_BIN:-/usr/lib/postgresql/15/bin}"
for tool in initdb postgres pg_ctl pgbench; do
  if [ ! -x "$bin/$tool" ]; then
    echo "pgbench.sh: $bin/$tool not found (install postgresql-15: packaging/install-deps.sh)" >&2
    exit 1
  fi
done

dir="$(mktemp -d "${TMPDIR:-/tmp}/jiayi-pgbench-XXXXXX")"
as=()
if [ "$(id -u)" -eq 0 ]; then
  chown nobody: "$dir"
  as=(runuser -u nobody --)
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

cd "$dir"
"${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-instructions >"$dir/initdb.log"
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on -c full_page_writes=on -c deadlock_timeout=50ms" \
  start >/dev/null

host="$dir"
[ "$tcp" -eq 1 ] && host=127.0.0.1
pg=(-h "$host" -p "$port" -U postgres)

echo "pgbench.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}'), fsync on, scale $scale, ${seconds} s per run, $( [ "$tcp" -eq 1 ] && echo 'TCP 127.0.0.1' || echo 'unix socket'), $(nproc) cores"
"${as[@]}" "$bin/pgbench" "${pg[@]}" -i -s "$scale" -q postgres >"$dir/init.log" 2>&1

printf '%-8s %10s %14s %14s %14s\n' clients tps "latency avg" "p50 ms" "p99 ms"
for clients in 16 64; do
  out="$("${as[@]}" "$bin/pgbench" "${pg[@]}" -N -c "$clients" -j 2 -T "$seconds" -r \
         --log --log-prefix="$dir/lat-$clients" postgres 2>&1)"
  tps="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")"
  avg="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")"
  # Per-transaction log: column 3 is the latency in microseconds.
  read -r p50 p99 < <(cat "$dir"/lat-"$clients".* | awk '{print $3}' | sort -n |
    awk '{a[NR]=$1} END {printf "%.2f %.2f\n", a[int(NR*0.50)]/1000, a[int(NR*0.99)]/1000}')
  printf '%-8s %10s %14s %14s %14s\n' "$clients" "$tps" "$avg ms" "$p50" "$p99"
done
