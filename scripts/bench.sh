#!/usr/bin/env bash
# `make bench`: the load series of the bot swarm against the real server, written up in
# docs/benchmarks.md with a chart (docs/benchmarks.png).
#
# For each size N (100, 500, 1000, 2000, 3000, … up to 5000) it starts a fresh server on
# 127.0.0.1 (its own data directory, 2 event loops), runs build/tsunagu-swarm with N moving
# bots in one space, and reads over the swarm's measured window: the server's /metrics (tick
# histogram, bytes, deferred moves), its CPU time (/proc/PID/stat) and resident memory. Sizes
# up to BENCH_MIN_N always run; beyond it the series stops at the first size that misses a
# target. Then 10,000 idle clients: the server's resident memory.
#
# Knobs (environment): BUILD_DIR (build), BENCH_SERIES ("100 500 1000 2000 3000 4000 5000"),
# BENCH_MIN_N (2000), BENCH_SECONDS (30), BENCH_RAMP (200), BENCH_IDLE_CLIENTS (10000),
# BENCH_OUT (docs/benchmarks.md). Everything it starts it stops, by PID; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

build_dir=${BUILD_DIR:-build}
[[ $build_dir = /* ]] || build_dir=$root/$build_dir
server_bin=$build_dir/tsunagu
swarm_bin=$build_dir/tsunagu-swarm
read -r -a series <<< "${BENCH_SERIES:-100 500 1000 2000 3000 4000 5000}"
min_n=${BENCH_MIN_N:-2000}
measure_s=${BENCH_SECONDS:-30}
ramp=${BENCH_RAMP:-200}
idle_clients=${BENCH_IDLE_CLIENTS:-10000}
idle_ramp=250
out_md=${BENCH_OUT:-docs/benchmarks.md}
[[ $out_md = /* ]] || out_md=$root/$out_md
out_png=${out_md%.md}.png
server_threads=2

# The targets of the issue (ms, KB/s per client, MiB).
target_tick_p99=25
target_latency_p99=60
target_down=12
target_up=1
target_idle_rss=2048
target_avatars=2000

for tool in jq gnuplot curl awk timeout; do
  command -v "$tool" > /dev/null || { echo "bench: $tool is missing (make bench installs it)" >&2; exit 1; }
done
for bin in "$server_bin" "$swarm_bin"; do
  [[ -x $bin ]] || { echo "bench: $bin is missing; run make bench (it builds it)" >&2; exit 1; }
done

work=$(mktemp -d /tmp/tsunagu-bench.XXXXXX)
# The servers' data directories go to memory (tmpfs) when there is one: signing up thousands
# of guests costs one disk sync each, and a shared disk's sync time would decide the ramp-up
# rather than the real-time path this measures.
data_root=$work
if [[ -d /dev/shm && -w /dev/shm ]]; then
  data_root=$(mktemp -d /dev/shm/tsunagu-bench.XXXXXX)
fi
server_pid=""
swarm_pid=""
port=""

stop_pid() {  # PID [grace seconds]: SIGTERM, wait, then SIGKILL
  local pid=$1 grace=${2:-10}
  [[ -n $pid ]] || return 0
  kill -0 "$pid" 2> /dev/null || { wait "$pid" 2> /dev/null || true; return 0; }
  kill -TERM "$pid" 2> /dev/null || true
  for _ in $(seq $((grace * 10))); do
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2> /dev/null || true
  wait "$pid" 2> /dev/null || true
}
cleanup() {
  stop_pid "$swarm_pid" 5
  stop_pid "$server_pid" 10
  rm -rf "$work" "$data_root"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }

# The content: the project's own, plus a large hall for the series and ten rooms for the idle
# test (the shipped plaza holds 200).
make_content() {
  mkdir -p "$work/content"
  cp -r "$root/content/." "$work/content/"
  jq '.spaces += [
        {"id": "bench", "kind": "plaza", "scene": "plaza", "capacity": 10000,
         "name": {"ja": "負荷試験ホール", "en": "Load test hall"},
         "spawn": {"x": 0, "y": 0, "z": 0, "yaw": 0},
         "bounds": {"min_x": -50, "min_z": -50, "max_x": 50, "max_z": 50}, "portals": []}
      ] + [range(10) as $i | {"id": "idle-\($i)", "kind": "plaza", "scene": "plaza",
         "capacity": 1000, "name": {"ja": "待機室 \($i)", "en": "Idle room \($i)"},
         "portals": []}]' "$root/content/world.json" > "$work/content/world.json"
}

# start_server NAME: a fresh server; sets server_pid and port.
start_server() {
  local dir=$work/$1 data=$data_root/$1-data
  mkdir -p "$dir/web" "$data"
  echo '<!doctype html><title>Tsunagu bench</title>' > "$dir/web/index.html"
  "$server_bin" serve --host 127.0.0.1 --port 0 --data "$data" --web "$dir/web" \
    --content "$work/content" --threads "$server_threads" --guest-burst 100000 \
    --log-level warn --janus off > "$dir/server.log" 2>&1 &
  server_pid=$!
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's#.*://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$dir/server.log" | head -n 1)
    [[ -n $port ]] && return 0
    kill -0 "$server_pid" 2> /dev/null || break
    sleep 0.1
  done
  log "the server did not start; its log:"
  cat "$dir/server.log" >&2
  return 1
}

stop_server() {
  stop_pid "$server_pid" 10
  server_pid=""
  [[ $data_root == "$work" ]] || rm -rf "${data_root:?}"/*
}

# CPU seconds (user + system) of a process so far.
cpu_seconds() {
  local stat
  stat=$(cat "/proc/$1/stat" 2> /dev/null) || { echo 0; return; }
  stat=${stat##*) }  # the name may hold spaces; the fields after it do not
  awk -v hz="$(getconf CLK_TCK)" '{ print ($12 + $13) / hz }' <<< "$stat"
}

rss_mb() {
  awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2> /dev/null || echo 0
}

now() { date +%s.%N; }

# CPU seconds the whole machine has been busy (all cores; /proc/stat).
machine_busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit }' /proc/stat
}

scrape() {  # the server's metrics into a file (empty if it does not answer)
  curl -s --max-time 5 "http://127.0.0.1:$port/metrics" > "$1" 2> /dev/null || : > "$1"
}

# wait_for_line FILE TEXT SECONDS [PID]: until FILE holds TEXT; fails on timeout or if PID ends.
wait_for_line() {
  local deadline=$(($(date +%s) + $3))
  while (($(date +%s) < deadline)); do
    grep -q -- "$2" "$1" 2> /dev/null && return 0
    if [[ -n ${4:-} ]] && ! kill -0 "$4" 2> /dev/null; then
      grep -q -- "$2" "$1" 2> /dev/null && return 0
      return 1
    fi
    sleep 0.2
  done
  return 1
}

# tick_quantile BEFORE AFTER SPACE Q: the tick duration (ms) under which a fraction Q of the
# ticks between the two scrapes fall, interpolated within histogram buckets as Prometheus'
# histogram_quantile does. Prints "—" without data; ">X" when it lies beyond the last bound.
tick_quantile() {
  awk -v space="$3" -v q="$4" '
    function bucket(line,   le) {
      if (line !~ "^tsunagu_tick_duration_seconds_bucket\\{.*space=\"" space "\"") return ""
      le = line; sub(/.*le="/, "", le); sub(/".*/, "", le); return le
    }
    FNR == 1 { file++ }
    { le = bucket($0); if (le == "") next
      if (file == 1) before[le] = $NF; else { after[le] = $NF; les[++n] = le } }
    END {
      if (n == 0) { print "—"; exit }
      for (i = 1; i <= n; i++) delta[i] = after[les[i]] - before[les[i]]
      total = delta[n]  # +Inf is cumulative: every tick
      if (total <= 0) { print "—"; exit }
      rank = q * total; prev_le = 0; prev_c = 0
      for (i = 1; i <= n; i++) {
        if (delta[i] >= rank) {
          if (les[i] == "+Inf") { printf ">%g\n", prev_le * 1000; exit }
          lo = prev_le; hi = les[i] + 0
          frac = (delta[i] > prev_c) ? (rank - prev_c) / (delta[i] - prev_c) : 1
          printf "%.1f\n", (lo + (hi - lo) * frac) * 1000; exit
        }
        if (les[i] != "+Inf") prev_le = les[i] + 0
        prev_c = delta[i]
      }
      print "—"
    }' "$1" "$2"
}

# metric_delta BEFORE AFTER NAME [LABELS]: the growth of a counter (sum over label sets when
# LABELS is empty); "—" if the server does not export it.
metric_delta() {
  awk -v name="$3" -v labels="${4:-}" '
    FNR == 1 { file++ }
    /^#/ { next }
    { key = $1; base = key; sub(/\{.*/, "", base); if (base != name) next
      if (labels != "" && index(key, labels) == 0) next
      found = 1; if (file == 1) b += $NF; else a += $NF }
    END { if (!found) print "—"; else printf "%.0f\n", a - b }' "$1" "$2"
}

metric_value() {  # metric_value FILE NAME [LABELS]
  awk -v name="$2" -v labels="${3:-}" '
    /^#/ { next }
    { key = $1; base = key; sub(/\{.*/, "", base); if (base != name) next
      if (labels != "" && index(key, labels) == 0) next
      found = 1; v += $NF }
    END { if (!found) print "—"; else printf "%.0f\n", v }' "$1"
}

# le A B: A <= B for numbers; false when A is not a number (a missing value fails a target).
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a ~ /^[0-9.]+$/ && a + 0 <= b + 0) }'; }

results=$work/results.tsv
: > "$results"

# run_point N: one size of the series; appends a row to $results; fails if a target is missed.
run_point() {
  local n=$1 dir=$work/n$1
  mkdir -p "$dir"
  start_server "n$n" || return 2
  local budget=$((n / ramp + measure_s + 150))
  timeout --kill-after=10 "$budget" "$swarm_bin" --url "http://127.0.0.1:$port" --clients "$n" \
    --seconds "$measure_s" --space bench --ramp "$ramp" --json \
    > "$dir/swarm.json" 2> "$dir/swarm.err" &
  swarm_pid=$!
  local t0="" t1="" c0=0 c1=0 rss=0 m0=0 m1=0
  if wait_for_line "$dir/swarm.err" "measuring for" $((n / ramp + 120)) "$swarm_pid"; then
    t0=$(now); c0=$(cpu_seconds "$server_pid"); m0=$(machine_busy_seconds); scrape "$dir/m0.txt"
    if wait_for_line "$dir/swarm.err" "measured " $((measure_s + 60)) "$swarm_pid"; then
      t1=$(now); c1=$(cpu_seconds "$server_pid"); m1=$(machine_busy_seconds)
      scrape "$dir/m1.txt"
      rss=$(rss_mb "$server_pid")
    fi
  fi
  local swarm_status=0
  wait "$swarm_pid" || swarm_status=$?
  swarm_pid=""
  local server_alive=yes
  kill -0 "$server_pid" 2> /dev/null || server_alive=no
  stop_server
  local j
  j=$(tail -n 1 "$dir/swarm.json")
  if [[ -z $t1 ]] || ! jq -e . > /dev/null 2>&1 <<< "$j"; then
    log "N=$n: the run did not complete (swarm exit $swarm_status, server alive: $server_alive)"
    tail -n 5 "$dir/swarm.err" >&2 || true
    printf '%s\t%s\n' "$n" "failed" >> "$results"
    return 1
  fi
  local window cpu tick50 tick99 sent recv deferred held rejected
  window=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  cpu=$(awk -v a="$c0" -v b="$c1" -v w="$window" 'BEGIN { printf "%.0f", 100 * (b - a) / w }')
  # Everything else the machine did meanwhile (other processes would skew the numbers).
  local other
  other=$(jq -r --arg a "$m0" --arg b "$m1" --arg w "$window" --arg cpu "$cpu" \
    '(100 * (($b | tonumber) - ($a | tonumber)) / ($w | tonumber)) - ($cpu | tonumber)
     - .swarm_cpu_percent | if . < 0 then 0 else . end | round' <<< "$j")
  tick50=$(tick_quantile "$dir/m0.txt" "$dir/m1.txt" bench 0.50)
  tick99=$(tick_quantile "$dir/m0.txt" "$dir/m1.txt" bench 0.99)
  sent=$(metric_delta "$dir/m0.txt" "$dir/m1.txt" tsunagu_bytes_sent_total)
  recv=$(metric_delta "$dir/m0.txt" "$dir/m1.txt" tsunagu_bytes_received_total)
  deferred=$(metric_delta "$dir/m0.txt" "$dir/m1.txt" tsunagu_moves_deferred_total 'space="bench"')
  held=$(metric_delta "$dir/m0.txt" "$dir/m1.txt" tsunagu_world_frames_held_back_total 'space="bench"')
  rejected=$(metric_delta "$dir/m0.txt" "$dir/m1.txt" tsunagu_rejected_inputs_total)
  local ticks
  ticks=$(metric_delta "$dir/m0.txt" "$dir/m1.txt" tsunagu_tick_duration_seconds_count 'space="bench"')
  local avatars conns
  avatars=$(metric_value "$dir/m1.txt" tsunagu_space_avatars 'space="bench"')
  conns=$(metric_value "$dir/m1.txt" tsunagu_connections)
  per_client_rate() {  # bytes over the window → KB/s per client
    [[ $1 == "—" ]] && { echo "—"; return; }
    awk -v b="$1" -v w="$window" -v n="$n" 'BEGIN { printf "%.2f", b / w / n / 1000 }'
  }
  local row
  row=$(jq -r --arg n "$n" --arg tick50 "$tick50" --arg tick99 "$tick99" --arg cpu "$cpu" \
    --arg rss "$rss" --arg sent "$(per_client_rate "$sent")" --arg recv "$(per_client_rate "$recv")" \
    --arg deferred "$deferred" --arg held "$held" --arg rejected "$rejected" --arg window "$window" \
    --arg ticks "$ticks" --arg avatars "$avatars" --arg conns "$conns" --arg other "$other" '
    def f2: (. * 100 | round) / 100;
    [$n, $tick50, $tick99,
     (.latency_ms.p50 | f2), (.latency_ms.p95 | f2), (.latency_ms.p99 | f2),
     (.down_bytes_per_s.mean / 1000 | f2), (.down_bytes_per_s.max / 1000 | f2),
     (.up_bytes_per_s.mean / 1000 | f2), (.up_bytes_per_s.max / 1000 | f2),
     $cpu, (.swarm_cpu_percent | round), $rss,
     (.errors.connect + .errors.protocol + .errors.decode + .errors.moves_unknown),
     .errors.unexpected_closes,
     (if .ok then "yes" else "no" end),
     $sent, $recv, $deferred, $held, $rejected, $window, $ticks, $avatars, $conns,
     .joined, .neighbours.min_fraction, .neighbours.stale_positions, .quiet_s,
     (if (.failures | length) == 0 then "ok" else (.failures | join("; ")) end), $other] | @tsv' <<< "$j")
  printf '%s\n' "$row" >> "$results"
  log "N=$n: $(cut -f2-16 <<< "$row" | tr '\t' ' ')"
  # The targets (judged at every size; the series is about where they break).
  local tick99_num=${tick99#>}
  [[ $tick99 == ">"* ]] && tick99_num=999999
  [[ $tick99 == "—" ]] && tick99_num=0  # a server without the metric: not judged
  IFS=$'\t' read -r _ _ _ _ _ lat99 _ downmax _ upmax _ _ _ errors disconnects _ <<< "$row"
  le "$tick99_num" "$target_tick_p99" && le "$lat99" "$target_latency_p99" &&
    le "$downmax" "$target_down" && le "$upmax" "$target_up" &&
    [[ $errors == 0 && $disconnects == 0 ]]
}

# ---------------------------------------------------------------------------------------------

make_content
started_at=$(date -u '+%Y-%m-%d %H:%M UTC')
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
largest_pass=0
stopped_at=""
for n in "${series[@]}"; do
  log "series: $n avatars (ramp $ramp/s, then $measure_s s measured)"
  status=0
  run_point "$n" || status=$?
  if ((status == 0)); then
    largest_pass=$n
  elif ((status == 2)); then
    log "the server did not start; stopping"
    stopped_at=$n
    break
  elif ((n >= min_n)); then
    stopped_at=$n
    log "N=$n misses a target: the series stops here"
    break
  fi
done

# The idle test: connected clients that joined and stand still, across ten rooms.
log "idle: $idle_clients clients"
idle_dir=$work/idle
mkdir -p "$idle_dir"
idle_rss="—"
idle_json=""
idle_swarm_rss="—"
if start_server idle; then
  spaces=$(printf 'idle-%d,' 0 1 2 3 4 5 6 7 8 9)
  timeout --kill-after=10 $((idle_clients / idle_ramp + 200)) "$swarm_bin" \
    --url "http://127.0.0.1:$port" --clients "$idle_clients" --idle --seconds 10 \
    --space "${spaces%,}" --ramp "$idle_ramp" --json > "$idle_dir/swarm.json" 2> "$idle_dir/swarm.err" &
  swarm_pid=$!
  if wait_for_line "$idle_dir/swarm.err" "measuring for" $((idle_clients / idle_ramp + 120)) "$swarm_pid"; then
    sleep 5
    idle_rss=$(rss_mb "$server_pid")
    scrape "$idle_dir/m.txt"
  fi
  wait "$swarm_pid" || true
  swarm_pid=""
  stop_server
  idle_json=$(tail -n 1 "$idle_dir/swarm.json")
  jq -e . > /dev/null 2>&1 <<< "$idle_json" || idle_json=""
fi
if [[ -n $idle_json ]]; then
  idle_joined=$(jq -r .joined <<< "$idle_json")
  idle_ok=$(jq -r 'if .ok then "yes" else "no" end' <<< "$idle_json")
  idle_swarm_rss=$(jq -r '.swarm_rss_mb | round' <<< "$idle_json")
  idle_failures=$(jq -r '.failures | join("; ")' <<< "$idle_json")
else
  idle_joined="—"; idle_ok="no"; idle_failures="the idle run did not complete"
fi
log "idle: $idle_joined joined, server RSS $idle_rss MB"

# ---------------------------------------------------------------------------------------------
# The chart: latency p99, tick p99 (ms, left, log scale) and CPU % (right) by avatars.

plot_data=$work/plot.dat
awk -F'\t' '$2 != "failed" {
  t = $3; sub(/^>/, "", t); if (t == "—") t = "NaN"
  print $1, $6, t, $11, $12, $31 }' "$results" > "$plot_data"
if [[ -s $plot_data ]]; then
  gnuplot <<EOF
set terminal pngcairo size 960,560 font "sans,11"
set output "$out_png"
set title "Tsunagu: one space, bots moving at 20 Hz (server and swarm on one 2-core machine)"
set xlabel "avatars in the space"
set ylabel "milliseconds (log scale)"
set y2label "CPU % (100 = one core)"
set logscale y
set yrange [0.1:*]
set y2range [0:*]
set ytics nomirror
set y2tics
set key top left
set grid
set arrow from graph 0, first $target_latency_p99 to graph 1, first $target_latency_p99 nohead dt 2 lc rgb "#d62728"
set arrow from graph 0, first $target_tick_p99 to graph 1, first $target_tick_p99 nohead dt 2 lc rgb "#1f77b4"
plot "$plot_data" using 1:2 with linespoints lw 2 pt 7 lc rgb "#d62728" title "update latency p99 (target ${target_latency_p99} ms, dashed)", \
     "$plot_data" using 1:3 with linespoints lw 2 pt 5 lc rgb "#1f77b4" title "tick p99 (target ${target_tick_p99} ms, dashed)", \
     "$plot_data" using 1:4 axes x1y2 with linespoints lw 2 pt 9 lc rgb "#2ca02c" title "server CPU %", \
     "$plot_data" using 1:5 axes x1y2 with linespoints lw 1 pt 4 dt 3 lc rgb "#7f7f7f" title "swarm CPU %", \
     "$plot_data" using 1:6 axes x1y2 with linespoints lw 1 pt 1 dt 4 lc rgb "#bcbd22" title "other processes' CPU %"
EOF
fi

# ---------------------------------------------------------------------------------------------
# docs/benchmarks.md

cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem_gib=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
commit=$(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)
dirty=""
[[ -n $(git -C "$root" status --porcelain 2> /dev/null | head -n 1) ]] && dirty=" (with uncommitted changes)"

pass_fail() { if "$@"; then echo "**pass**"; else echo "**miss**"; fi; }
# Every idle client connected and joined, and the server stayed under the memory target.
idle_passed() { [[ $idle_joined == "$idle_clients" ]] && le "$idle_rss" "$target_idle_rss"; }
row_at() { awk -F'\t' -v n="$1" '$1 == n' "$results"; }

target_row=$(row_at "$target_avatars")
# Sections after this marker (written by hand, or by other benchmarks such as
# server/bench/voice_bench.mjs) are kept when the page is written again.
marker='<!-- Kept by make bench: everything below this line is carried over unchanged. -->'
kept=""
[[ -f $out_md ]] && kept=$(awk -v m="$marker" 'found { print } $0 == m { found = 1 }' "$out_md")
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` (\`scripts/bench.sh\`) on $started_at; run it again rather than"
  echo "editing this page. The load comes from \`build/tsunagu-swarm\` (\`server/bench/swarm/\`): bots"
  echo "that speak the real protocol — a guest session, a WebSocket, \`hello\` and \`join\`, MOVE frames"
  echo "at 20 Hz while they walk — and measure what the server sends back."
  echo
  echo "## Machine"
  echo
  echo "- $(nproc) cores: $cpu_model; $mem_gib GiB memory; Linux $(uname -r)"
  echo "- commit $commit$dirty"
  echo "- the server (\`--threads $server_threads\`) and the swarm (one event loop) run together on"
  echo "  127.0.0.1, so they share the cores: the swarm's own CPU is in the table"
  echo "- load average when the series began: $load_at_start"
  max_other=$(awk -F'\t' '$2 != "failed" && $31 + 0 > m { m = $31 + 0 } END { print m + 0 }' "$results")
  if ((max_other > 25)); then
    echo
    echo "**Other processes used up to $max_other % CPU during the measured windows** (column"
    echo "*other CPU %*): the machine was not quiet, and the ticks and latencies are pessimistic."
    echo "Run \`make bench\` again on a quiet machine for numbers to compare."
  fi
  echo
  echo "## Commands"
  echo
  echo '```sh'
  echo "tsunagu serve --port 0 --threads $server_threads --guest-burst 100000 --log-level warn --janus off \\"
  echo "  --data <fresh dir$( [[ $data_root != "$work" ]] && echo ' in /dev/shm')> --content <content + the spaces below>"
  echo "tsunagu-swarm --url http://127.0.0.1:<port> --clients N --seconds $measure_s --space bench \\"
  echo "  --ramp $ramp --json          # N = ${series[*]}"
  echo "tsunagu-swarm --url http://127.0.0.1:<port> --clients $idle_clients --idle --seconds 10 \\"
  echo "  --space idle-0,…,idle-9 --ramp $idle_ramp --json"
  echo '```'
  echo
  echo "\`bench\` is a 100 m × 100 m hall (capacity 10,000) added to the shipped content for the run;"
  echo "\`idle-0\` … \`idle-9\` are ten 60 m × 60 m rooms of 1,000. The bots mix three patterns: 40 %"
  echo "wander (walk 3–15 m at 1.1–1.5 m/s, look around, walk on), 35 % stand in small circles"
  echo "around exhibits 15 m apart and step around them, 25 % stand in a crowd facing a stage at"
  echo "the hall's −z edge with small shuffles. Each size runs on a fresh server; the numbers cover"
  echo "the $measure_s s after every bot joined. Idle bots join and stand at the spawn point."
  if [[ $data_root != "$work" ]]; then
    echo "The servers keep their data in memory (/dev/shm): signing up thousands of guests costs a"
    echo "disk sync each, and a shared disk's sync time would decide the ramp-up instead."
  fi
  echo
  echo "## Avatars moving in one space"
  echo
  echo "| avatars | tick p50 / p99 ms | latency p50 / p95 / p99 ms | down KB/s per client mean / max | up KB/s mean / max | server CPU % | swarm CPU % | other CPU % | server RSS MB | errors | disconnects | check |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|"
  awk -F'\t' '$2 == "failed" { printf "| %s | run failed | | | | | | | | | | |\n", $1; next }
    { printf "| %s | %s / %s | %s / %s / %s | %s / %s | %s / %s | %s | %s | %s | %s | %s | %s | %s |\n",
      $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $31, $13, $14, $15, $16 }' "$results"
  echo
  echo "![Update latency p99, tick p99 and CPU against avatars](${out_png##*/})"
  echo
  echo "*latency*: from a bot's MOVE until a bot within 10 m of it receives that exact transform"
  echo "(every bot shares the swarm's clock). *tick*: the server's time to run one tick of the"
  echo "space (\`tsunagu_tick_duration_seconds\`, interpolated within its buckets). *down/up*: WebSocket"
  echo "payload plus framing, per client, over the window. *CPU %*: of one core (200 = both);"
  echo "*other*: what the rest of the machine used meanwhile (should be near 0)."
  echo "*errors*: connect errors, \`error\` messages and undecodable frames; *disconnects*:"
  echo "unexpected closes; *check*: every bot knew all its neighbours within 10 m at their last"
  echo "positions once the bots stood still, and nothing went wrong."
  echo
  echo "Server side, over the same window:"
  echo
  echo "| avatars | ticks run | bytes sent / received per client KB/s | moves deferred | frames held back | rejected inputs | connections | avatars in space | check details |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  awk -F'\t' '$2 != "failed" {
    printf "| %s | %s in %.0f s | %s / %s | %s | %s | %s | %s | %s | %s |\n",
      $1, $23, $22, $17, $18, $19, $20, $21, $25, $24, $30 }' "$results"
  echo
  echo "## Targets"
  echo
  if [[ -n $target_row && $(cut -f2 <<< "$target_row") != failed ]]; then
    IFS=$'\t' read -r _ _ t99 _ _ l99 _ dmax _ umax _ _ _ errs disc _ <<< "$target_row"
    t99n=${t99#>}
    [[ $t99 == ">"* ]] && t99n=999999
    echo "At $target_avatars avatars in one space, 20 Hz:"
    echo
    echo "| target | measured | |"
    echo "|---|---:|---|"
    echo "| tick p99 ≤ $target_tick_p99 ms | $t99 ms | $(pass_fail le "$t99n" "$target_tick_p99") |"
    echo "| update latency p99 ≤ $target_latency_p99 ms | $l99 ms | $(pass_fail le "$l99" "$target_latency_p99") |"
    echo "| no disconnects | $disc | $(pass_fail test "$disc" = 0) |"
    echo "| downstream ≤ $target_down KB/s per client (max over clients) | $dmax KB/s | $(pass_fail le "$dmax" "$target_down") |"
    echo "| upstream ≤ $target_up KB/s per client (max over clients) | $umax KB/s | $(pass_fail le "$umax" "$target_up") |"
    echo "| ≥ $idle_clients idle clients in < 2 GiB resident | $idle_joined joined, $idle_rss MB | $(pass_fail idle_passed) |"
  else
    if [[ -n $target_row ]]; then
      echo "The $target_avatars-avatar run did not complete (see the table)."
    else
      echo "The series did not reach $target_avatars avatars."
    fi
    echo
    echo "| target | measured | |"
    echo "|---|---:|---|"
    echo "| ≥ $idle_clients idle clients in < 2 GiB resident | $idle_joined joined, $idle_rss MB | $(pass_fail idle_passed) |"
  fi
  echo
  if ((largest_pass > 0)); then
    echo "The largest size that met every moving target: **$largest_pass avatars**."
  else
    echo "No size met every moving target."
  fi
  if [[ -n $stopped_at ]]; then
    echo "The series stopped at $stopped_at avatars (sizes up to $min_n always run)."
  fi
  echo
  echo "## $idle_clients idle clients"
  echo
  echo "$idle_joined clients joined ten rooms of 1,000 and stood still: server resident memory"
  echo "**$idle_rss MB** five seconds after the last one joined (swarm: $idle_swarm_rss MB). Check: $idle_ok"
  [[ -n $idle_failures ]] && echo "($idle_failures)."
  echo
  echo "$marker"
  [[ -n $kept ]] && echo "$kept"
} > "$out_md"

log "wrote $out_md and $out_png"
