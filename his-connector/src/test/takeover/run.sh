#!/usr/bin/env bash
# Takeover of his-connector after kill -9 of the active instance, each instance its own process
# (docs/his-connector.md#hot-standby). Needs the exec jar: ./mvnw -pl his-connector -am install -DskipTests.
# Starts bin/platform without services (HIS, broker, registry on ports 184xx), two his-connectors on one
# slot, a clerk inserting appointments with psql, kills the active one with kill -9, and prints the time
# to the lock and to the first record on his.appointments written after the kill, and rows vs records.
set -uo pipefail
cd "$(dirname "$0")/../../../.."
M=his-connector/target/takeover; T=his-connector/src/test/takeover
PG=18432; KAFKA=18492; REG=18481
rm -rf $M; mkdir -p $M/keys $M/lib
unzip -q -o -j his-connector/target/his-connector-0.1.0-SNAPSHOT-exec.jar "BOOT-INF/lib/kafka-clients*" "BOOT-INF/lib/lz4*" "BOOT-INF/lib/slf4j-api*" "BOOT-INF/lib/zstd*" "BOOT-INF/lib/snappy*" -d $M/lib
bin/platform --services=false --demo=false --data-dir=$M/platform --console-port=18480 --registry-port=$REG \
  --kafka-port=$KAFKA --postgres-port=$PG --service-ports=18482 --mail-port=18425 --identity-port=18499 \
  > $M/platform.log 2>&1 &
echo $! > $M/platform.pid
up() { (exec 3<>/dev/tcp/localhost/$1) 2>/dev/null; }
for i in $(seq 1 300); do up $REG && up $KAFKA && up $PG && up 18480 && break; sleep 1; done
sleep 5
connector() { # name port
  SERVER_PORT=$2 SPRING_KAFKA_BOOTSTRAPSERVERS=localhost:$KAFKA CONTACTABILITY_KAFKA_SCHEMAREGISTRYURL=http://localhost:$REG \
  CONTACTABILITY_HISCONNECTOR_DATABASE_PORT=$PG CONTACTABILITY_HISCONNECTOR_DATABASE_USER=his \
  CONTACTABILITY_HISCONNECTOR_DATABASE_PASSWORD=his CONTACTABILITY_HISCONNECTOR_CAPTURE_LEADERSHIP_INSTANCENAME=$1 \
  CONTACTABILITY_HISCONNECTOR_CAPTURE_SLOTNAME=measure_standby CONTACTABILITY_HISCONNECTOR_CAPTURE_ENGINENAME=measure-standby \
  CONTACTABILITY_PRIVACY_KEK_LOCAL_KEYSETFILE=$PWD/$M/keys/kek.json CONTACTABILITY_HISCONNECTOR_WRITEBACK_ENABLED=false \
  java -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar his-connector/target/his-connector-0.1.0-SNAPSHOT-exec.jar \
    > $M/$1.log 2>&1 &
  echo $! > $M/$1.pid
}
connector first 18470
for i in $(seq 1 180); do grep -q "takes over the capture" $M/first.log && break; sleep 1; done
connector second 18471
for i in $(seq 1 180); do grep -q "stands by for slot" $M/second.log && break; sleep 1; done
sleep 5
export PGPASSWORD=his
PATIENT=$(psql -h localhost -p $PG -U his -d his -qAtc "INSERT INTO his.paciente (rut, nombres, apellido_paterno) VALUES ('11111111-1','Ana','Rojas') RETURNING id")
PRO=$(psql -h localhost -p $PG -U his -d his -qAtc "INSERT INTO his.profesional (rut, nombres, apellido_paterno, especialidad) VALUES ('22222222-2','Eva','Soto','Medicina Interna') RETURNING id")
SITE=$(psql -h localhost -p $PG -U his -d his -qAtc "INSERT INTO his.sede (codigo_establecimiento, nombre) VALUES ('HCHM','Sede') RETURNING id")
( i=0; while [ ! -f $M/stop-clerk ]; do i=$((i+1));
    psql -h localhost -p $PG -U his -d his -qc "INSERT INTO his.cita (paciente_id, profesional_id, sede_id, especialidad, fecha_hora) VALUES ($PATIENT, $PRO, $SITE, 'Medicina Interna', timestamp '2030-01-01 08:00' + interval '20 minutes' * $i)" >/dev/null 2>>$M/clerk.err
  done ) &
CLERK=$!
sleep 10
echo "load before kill: $(cat /proc/loadavg)"
KILLED=$(date +%s%3N)
kill -9 $(cat $M/first.pid)
for i in $(seq 1 600); do grep -q "takes over the capture" $M/second.log && break; sleep 0.1; done
LOCKED=$(date +%s%3N)
sleep 15
touch $M/stop-clerk; wait $CLERK; rm -f $M/stop-clerk
echo "lock taken by second after kill: $((LOCKED-KILLED)) ms (poll resolution 100 ms)"
java -cp "$M/lib/*" $T/FirstAfter.java localhost:$KAFKA his.appointments $KILLED
echo "rows in HIS: $(psql -h localhost -p $PG -U his -d his -Atc 'SELECT count(*) FROM his.cita')"
kill $(cat $M/second.pid); sleep 5; kill $(cat $M/platform.pid)
