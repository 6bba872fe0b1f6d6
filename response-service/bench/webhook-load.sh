#!/usr/bin/env bash
# Inbound webhook load: the service (with an in-process broker) in one JVM, wrk in another process,
# on loopback. Every request is a distinct, correctly signed Twilio webhook that the service
# validates, parses, correlates against its views and publishes to Kafka (acks=all) before answering.
#
#   response-service/bench/webhook-load.sh [duration=30s] [connections=64] [threads=2]
#
# Needs wrk (apt-get install wrk). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-30s}
connections=${2:-64}
threads=${3:-2}
out=response-service/target/bench
mkdir -p "$out"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }

./mvnw -q -B -pl response-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="response-service/target/test-classes:response-service/target/classes:$(cat response-service/target/bench.classpath)"

rm -f "$out/port" "$out/stop"
# BENCH_JAVA_OPTS adds JVM options, e.g. -XX:StartFlightRecording=filename=target/bench/run.jfr to profile.
java -Xms1g -Xmx1g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir="$out" -cp "$cp" \
  org.contactability.response.bench.WebhookBenchServer "$out" > "$out/server.log" 2>&1 &
server=$!
trap 'touch "$out/stop"; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  [ -f "$out/port" ] && break
  kill -0 "$server" 2>/dev/null || { echo "server died, see $out/server.log" >&2; exit 1; }
  sleep 1
done
[ -f "$out/port" ] || { echo "server not ready after 180 s, see $out/server.log" >&2; exit 1; }
port=$(cat "$out/port")
grep -E "Seeded" "$out/server.log" || true

echo "== load on this machine before the run: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores"
echo "== warm-up: 15 s"
wrk -t"$threads" -c"$connections" -d15s -s response-service/bench/signed-inbound.lua \
  "http://127.0.0.1:$port" -- "$out/inbound-requests.txt" 0 >/dev/null
echo "== measured: $duration, $connections connections, $threads wrk threads"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s response-service/bench/signed-inbound.lua \
  "http://127.0.0.1:$port" -- "$out/inbound-requests.txt" 30000
echo "== load on this machine after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
