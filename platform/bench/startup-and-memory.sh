#!/usr/bin/env bash
# Measures the embedded platform: wall time from `java -jar` to "is up" (every application started
# and listening) and to every service's and the console's health answering UP; resident memory then,
# after the demo's first burst of reminders (clock moved 72 h) and after a minute at rest; and the time a stop signal (what Ctrl-C or a service manager sends) takes to stop everything.
# Usage (from the repository root, platform jar built):
#   platform/bench/startup-and-memory.sh [runs]
set -euo pipefail
runs=${1:-3}
jar=platform/target/contactability-platform.jar
[ -f "$jar" ] || { echo "build it first: ./mvnw -q -DskipTests -pl platform -am package" >&2; exit 2; }
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }
healthy() {
  for port in 8080 8082 8083 8084 8085 8086; do
    curl -sf "http://localhost:$port/actuator/health" | grep -q '"status":"UP"' || return 1
  done
}
printf 'run\tup_s\thealthy_s\trss_healthy_MiB\trss_after_72h_MiB\trss_rest_MiB\tstop_s\tload_1m\n'
for run in $(seq 1 "$runs"); do
  data=$(mktemp -d)
  log="$data/platform.log"
  start=$(now)
  java -Xms256m -Xmx1g -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -jar "$jar" --fresh --data-dir="$data/data" >"$log" 2>&1 &
  pid=$!
  until grep -q "is up" "$log"; do
    kill -0 "$pid" 2>/dev/null || { echo "the platform died; see $log" >&2; exit 1; }
    sleep 0.2
  done
  up=$(since "$start")
  deadline=$(( $(date +%s) + 180 ))
  until healthy; do
    kill -0 "$pid" 2>/dev/null || { echo "the platform died; see $log" >&2; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "not healthy after 180 s; see $log" >&2; kill -TERM "$pid"; exit 1; }
    sleep 0.2
  done
  healthy=$(since "$start")
  rss_up=$(rss "$pid")
  # The console is closed by default: the clock is moved with an administrator's token, and a refusal ends the run
  # (without it, the burst's column would measure a platform at rest).
  token=$(curl -s -u admin-script:admin-secret -d grant_type=client_credentials http://localhost:9000/oauth2/token \
    | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  moved=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
    'http://localhost:8080/api/clock/advance?by=PT72H')
  [ "$moved" = 200 ] || { echo "the clock was not moved (HTTP $moved); see $log" >&2; kill -TERM "$pid"; exit 1; }
  sleep 20
  rss_burst=$(rss "$pid")
  sleep 60
  rss_rest=$(rss "$pid")
  stop_start=$(now)
  # TERM, not INT: a non-interactive shell starts background jobs with SIGINT ignored.
  kill -TERM "$pid"
  wait "$pid" || true
  stop=$(since "$stop_start")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$up" "$healthy" "$rss_up" "$rss_burst" "$rss_rest" "$stop" \
    "$(cut -d' ' -f1 /proc/loadavg)"
  rm -rf "$data"
done
