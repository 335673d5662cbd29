#!/usr/bin/env bash
# The consultation latency benchmark (docs/benchmarks.md): starts a real server on 127.0.0.1
# with a fresh data directory and an admin, runs tsunagu-consult-bench against it, prints its
# JSON summary line, and stops the server. Everything it starts it stops; every wait is bounded.
#
# usage: consult_bench.sh TSUNAGU_BINARY CONSULT_BENCH_BINARY CONTENT_DIR [bench flags…]
set -euo pipefail
server_bin=${1:?server binary}
bench_bin=${2:?bench binary}
content=${3:?content dir}
shift 3

work=$(mktemp -d /tmp/tsunagu-consult-bench.XXXXXX)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/web" "$work/data"
echo '<!doctype html><title>Tsunagu</title>' > "$work/web/index.html"
password='consult bench admin passphrase'
printf '%s\n' "$password" | "$server_bin" admin create --login root --data "$work/data" > /dev/null
"$server_bin" serve --host 127.0.0.1 --port 0 --data "$work/data" --web "$work/web" \
  --content "$content" --guest-burst 100000 --log-level warn --janus off > "$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's#.*://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$work/server.log" | head -n 1)
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { echo "consult_bench: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
token=$(curl -sf -H 'Content-Type: application/json' \
  -d "{\"login_id\":\"root\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/login" |
  sed -E 's/.*"token":"([^"]+)".*/\1/')
"$bench_bin" --port "$port" --admin-token "$token" "$@"
