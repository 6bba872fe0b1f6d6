#!/usr/bin/env bash
# Measures the embedded platform's restart after kill -9: starts the built jar as bin/platform does (extracted,
# with its JVM options) on a new data directory, waits until every service's and the console's /actuator/health answers
# UP, then <kills> times: kill -9 of the JVM (PostgreSQL is left running, as after a real crash), a start on
# the same data directory, and the time from the kill until every health is UP again, with the processor
# time the new JVM used until then and the load average. Ports are <base> (identity provider) to <base>+10.
# Usage (from the repository root, platform jar built): platform/bench/restart-after-kill.sh [kills] [base]
set -euo pipefail
kills=${1:-3}
base=${2:-23800}
jar=platform/target/contactability-platform.jar
[ -f "$jar" ] || { echo "build it first: ./mvnw -q -DskipTests -pl platform -am package" >&2; exit 2; }
# What bin/platform runs: the jar extracted, and its JVM options.
extracted=platform/target/restart-bench-jar
rm -rf "$extracted"
java -Djarmode=tools -jar "$jar" extract --destination "$extracted" >/dev/null
jar=$extracted/contactability-platform.jar
data=$(pwd)/platform/target/restart-bench
rm -rf "$data"
mkdir -p "$data"
log="$data.log"
: >"$log"
args=(--data-dir="$data" --identity-port=$base --console-port=$((base + 1)) --registry-port=$((base + 2))
  --kafka-port=$((base + 3)) --postgres-port=$((base + 4)) --mail-port=$((base + 5)) --service-ports=$((base + 6)))
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }
cpu() { awk '{printf "%.1f", ($14 + $15) / 100}' "/proc/$1/stat"; }
load() { cut -d' ' -f1 /proc/loadavg; }
healthy() {
  for port in $((base + 1)) $((base + 6)) $((base + 7)) $((base + 8)) $((base + 9)) $((base + 10)); do
    curl -s -m 5 "http://localhost:$port/actuator/health" | grep -q '"status":"UP"' || return 1
  done
}
start() {
  echo "==== $1 $(date -u +%T.%3N)" >>"$log"
  java -Xms256m -Xmx1g -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -jar "$jar" "${args[@]}" >>"$log" 2>&1 &
  pid=$!
  until healthy; do
    kill -0 "$pid" 2>/dev/null || { echo "the platform died; see $log" >&2; exit 1; }
    sleep 0.25
  done
}
printf 'start\tseconds_to_healthy\tjvm_cpu_s\tload_1m\n'
began=$(now)
start fresh
printf 'fresh\t%s\t%s\t%s\n' "$(since "$began")" "$(cpu "$pid")" "$(load)"
for kill in $(seq 1 "$kills"); do
  sleep 20 # the platform at work: its logs and changelogs move on, as they do before a real crash
  killed=$(now)
  kill -9 "$pid"
  wait "$pid" 2>/dev/null || true
  start "restart $kill"
  printf 'kill %s\t%s\t%s\t%s\n' "$kill" "$(since "$killed")" "$(cpu "$pid")" "$(load)"
done
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
echo "log: $log"
