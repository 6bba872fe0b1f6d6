#!/usr/bin/env bash
# Measures how long the embedded platform takes to be healthy again after `kill -9`, on the same data
# directory: each run starts a fresh platform (demo data), waits until every service and the console
# answer UP, moves the clock 24 h (a burst of reminders), kills the JVM with SIGKILL mid-burst, starts
# it again on the same data and times it from the kill to healthy. The fresh start is timed too.
# Usage (from the repository root, platform jar built): platform/bench/restart-after-kill.sh [runs] [first port]
# The platform listens on 12 consecutive ports from the first (default 31000), its data under target/.
set -euo pipefail
runs=${1:-3}
base=${2:-31000}
jar=platform/target/contactability-platform.jar
[ -f "$jar" ] || { echo "build it first: ./mvnw -q -DskipTests -pl platform -am package" >&2; exit 2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }
ports=(--identity-port=$base --console-port=$((base + 1)) --registry-port=$((base + 2)) --kafka-port=$((base + 3))
  --postgres-port=$((base + 4)) --mail-port=$((base + 5)) --service-ports=$((base + 6)))
healthy() {
  for port in $((base + 1)) $((base + 6)) $((base + 7)) $((base + 8)) $((base + 9)) $((base + 10)); do
    curl -sf "http://localhost:$port/actuator/health" | grep -q '"status":"UP"' || return 1
  done
}
pid=
start_platform() { # $1: data directory, $2: log, other arguments passed on
  local data=$1 log=$2
  shift 2
  java -Xms256m -Xmx1g -XX:+UseSerialGC -jar "$jar" --data-dir="$data" "${ports[@]}" "$@" >>"$log" 2>&1 &
  pid=$!
}
await_healthy() { # $1: log
  local deadline=$(( $(date +%s) + 600 ))
  until healthy; do
    kill -0 "$pid" 2>/dev/null || { echo "the platform died; see $1" >&2; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "not healthy after 600 s; see $1" >&2; kill -TERM "$pid"; exit 1; }
    sleep 0.2
  done
}
token() {
  curl -s -u admin-script:admin-secret -d grant_type=client_credentials "http://localhost:$base/oauth2/token" \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
mkdir -p target
printf 'run\tfresh_healthy_s\trestart_healthy_s\tload_1m\n'
for run in $(seq 1 "$runs"); do
  data=$(mktemp -d -p "$PWD/target" restart-bench-XXXX)
  log="$data/platform.log"
  start=$(now)
  start_platform "$data/data" "$log" --fresh
  await_healthy "$log"
  fresh=$(since "$start")
  curl -s -X POST -H "Authorization: Bearer $(token)" "http://localhost:$((base + 1))/api/clock/advance?by=PT24H" \
    >/dev/null
  sleep 5
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  killed=$(now)
  start_platform "$data/data" "$log"
  await_healthy "$log"
  restart=$(since "$killed")
  kill -TERM "$pid"
  wait "$pid" || true
  printf '%s\t%s\t%s\t%s\n' "$run" "$fresh" "$restart" "$(cut -d' ' -f1 /proc/loadavg)"
  rm -rf "$data"
done
