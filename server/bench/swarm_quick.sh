#!/usr/bin/env bash
# integration.SwarmQuick (ctest): the real server and a quick swarm of 200 bots for 10 s.
# Passes when every bot joined, no error message or unexpected close came, every bot knew all
# its neighbours (bots within 10 m) at their last positions, and world frames and MOVE records
# flowed. No timing thresholds: this checks correctness, `make bench` measures.
#
# usage: swarm_quick.sh TSUNAGU_BINARY SWARM_BINARY CONTENT_DIR
set -euo pipefail

server_bin=${1:?server binary}
swarm_bin=${2:?swarm binary}
content=${3:?content dir}
clients=${SWARM_QUICK_CLIENTS:-200}
seconds=${SWARM_QUICK_SECONDS:-10}

work=$(mktemp -d /tmp/tsunagu-swarm-quick.XXXXXX)
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

fail() {
  echo "SwarmQuick: FAIL: $*" >&2
  echo "--- server log (last lines) ---" >&2
  tail -n 30 "$work/server.log" >&2 || true
  exit 1
}

mkdir -p "$work/web" "$work/data"
echo '<!doctype html><title>Tsunagu</title>' > "$work/web/index.html"

"$server_bin" serve --host 127.0.0.1 --port 0 --data "$work/data" --web "$work/web" \
  --content "$content" --guest-burst 1000 --log-level warn --janus off > "$work/server.log" 2>&1 &
server_pid=$!

port=""
for _ in $(seq 100); do  # up to 10 s for "Tsunagu is running: http://127.0.0.1:PORT/"
  port=$(sed -n 's#.*://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$work/server.log" | head -n 1)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited at start"
  sleep 0.1
done
[[ -n $port ]] || fail "the server did not say it was running"

set +e
timeout 90 "$swarm_bin" --url "http://127.0.0.1:$port" --clients "$clients" --seconds "$seconds" \
  --json > "$work/swarm.json" 2> "$work/swarm.err"
status=$?
set -e
summary=$(tail -n 1 "$work/swarm.json")
echo "$summary"
cat "$work/swarm.err" >&2

# The swarm judges itself (exit 1 names what failed); check the key numbers here too, so that
# this test fails even if that judgement were wrong.
[[ $status -eq 0 ]] || fail "tsunagu-swarm exited with $status"
field() {  # the first number after "key": in the JSON line
  grep -o "\"$1\":[0-9.eE+-]*" <<< "$summary" | head -n 1 | cut -d: -f2
}
expect_eq() {
  local got
  got=$(field "$1")
  [[ -n $got ]] || fail "no \"$1\" in the summary"
  awk -v g="$got" -v w="$2" 'BEGIN { exit !(g + 0 == w + 0) }' || fail "$1 is $got, expected $2"
}
expect_gt() {
  local got
  got=$(field "$1")
  [[ -n $got ]] || fail "no \"$1\" in the summary"
  awk -v g="$got" -v w="$2" 'BEGIN { exit !(g + 0 > w + 0) }' || fail "$1 is $got, expected more than $2"
}
grep -q '"ok":true' <<< "$summary" || fail "the summary is not ok"
expect_eq joined "$clients"
expect_eq in_space "$clients"
expect_eq connect 0
expect_eq protocol 0
expect_eq unexpected_closes 0
expect_eq decode 0
expect_eq moves_unknown 0
expect_eq missing 0
expect_eq min_fraction 1
expect_eq stale_positions 0
expect_eq ghosts 0
expect_gt world_frames 0
expect_gt move_records 0
expect_gt pairs 0
expect_gt count 0  # latency samples

# The server must still be healthy, then stop cleanly on SIGTERM.
kill -0 "$server_pid" 2>/dev/null || fail "the server died during the run"
kill -TERM "$server_pid"
for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server_pid" 2>/dev/null; then fail "the server did not stop within 10 s of SIGTERM"; fi
wait "$server_pid" || fail "the server exited with $? after SIGTERM"
server_pid=""
echo "SwarmQuick: OK"
