#!/usr/bin/env bash
# Inbound webhook load: the service in one JVM, its Kafka broker in another, wrk in a third process,
# all on loopback. Every request is a distinct, correctly signed Twilio webhook that the service
# validates, parses, correlates against its views and publishes to Kafka (acks=all) before answering.
#
#   response-service/bench/webhook-load.sh [duration=30s] [connections=64] [threads=2] [warm-up=60s]
#
# Needs wrk (apt-get install wrk). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-30s}
connections=${2:-64}
threads=${3:-2}
warmup=${4:-60s}
out=response-service/target/bench
mkdir -p "$out"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install wrk" >&2; exit 1; }

./mvnw -q -B -pl response-service -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
cp="response-service/target/test-classes:response-service/target/classes:$(cat response-service/target/bench.classpath)"

rm -f "$out/port" "$out/stop" "$out/stop-broker" "$out/bootstrap"
# The broker in a JVM of its own, so that the service's CPU per request is measured apart from it.
java -Xmx1g -XX:+UseParallelGC -Djava.io.tmpdir="$out" -cp "$cp" \
  org.contactability.response.bench.BenchBroker "$out" > "$out/broker.log" 2>&1 &
broker=$!
trap 'touch "$out/stop-broker"; wait "$broker" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ -f "$out/bootstrap" ] && break
  kill -0 "$broker" 2>/dev/null || { echo "broker died, see $out/broker.log" >&2; exit 1; }
  sleep 1
done
# BENCH_SERVICE_ARGS adds Spring arguments for the service, e.g.
# --spring.kafka.producer.properties.linger.ms=20. BENCH_JAVA_OPTS adds JVM options, e.g. -XX:StartFlightRecording=filename=target/bench/run.jfr to profile.
java -Xms1g -Xmx1g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -Djava.io.tmpdir="$out" -cp "$cp" \
  org.contactability.response.bench.WebhookBenchServer "$out" ${BENCH_SERVICE_ARGS:-} > "$out/server.log" 2>&1 &
server=$!
trap 'touch "$out/stop"; wait "$server" 2>/dev/null; touch "$out/stop-broker"; wait "$broker" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  [ -f "$out/port" ] && break
  kill -0 "$server" 2>/dev/null || { echo "server died, see $out/server.log" >&2; exit 1; }
  sleep 1
done
[ -f "$out/port" ] || { echo "server not ready after 180 s, see $out/server.log" >&2; exit 1; }
port=$(cat "$out/port")
grep -E "Seeded" "$out/server.log" || true

echo "== load on this machine before the run: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores"
# The JIT keeps compiling for about a minute on a busy 2-core machine; measure after it settled.
echo "== warm-up: $warmup"
wrk -t"$threads" -c"$connections" -d"$warmup" -s response-service/bench/signed-inbound.lua \
  "http://127.0.0.1:$port" -- "$out/inbound-requests.txt" 0 >/dev/null
# CPU seconds a JVM has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
echo "== measured: $duration, $connections connections, $threads wrk threads"
cpu_before=$(cpu_seconds "$server"); broker_before=$(cpu_seconds "$broker")
TIMEFORMAT="== wrk's own CPU: %U s user, %S s system, %R s elapsed"
time wrk -t"$threads" -c"$connections" -d"$duration" --latency -s response-service/bench/signed-inbound.lua \
  "http://127.0.0.1:$port" -- "$out/inbound-requests.txt" 30000 | tee "$out/wrk.txt"
cpu_after=$(cpu_seconds "$server"); broker_after=$(cpu_seconds "$broker")
requests=$(awk '/requests in/ { print $1 }' "$out/wrk.txt")
awk -v b="$cpu_before" -v a="$cpu_after" -v n="$requests" \
  'BEGIN { printf "== service JVM CPU during the run: %.1f s, %.3f ms per request\n", a - b, (a - b) * 1000 / n }'
awk -v b="$broker_before" -v a="$broker_after" -v n="$requests" \
  'BEGIN { printf "== broker JVM CPU during the run: %.1f s, %.3f ms per request\n", a - b, (a - b) * 1000 / n }'
echo "== load on this machine after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
