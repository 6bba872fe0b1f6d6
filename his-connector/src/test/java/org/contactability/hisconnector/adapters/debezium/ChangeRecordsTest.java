package org.contactability.hisconnector.adapters.debezium;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.hisconnector.application.CapturedChange;
import org.contactability.hisconnector.domain.mapping.HisEntity;
import org.contactability.hisconnector.domain.mapping.HisMapping;
import org.junit.jupiter.api.Test;

/** Debezium's change records as PostgreSQL's and MySQL's connectors shape them, read into captured changes. */
class ChangeRecordsTest {

  private static final Instant NOW = Instant.parse("2026-01-05T12:00:00.123456Z");
  private static final long COMMIT_MILLIS = Instant.parse("2026-01-05T11:59:59.250Z").toEpochMilli();

  private static final Schema POSTGRES_SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
      .field("version", Schema.STRING_SCHEMA)
      .field("connector", Schema.STRING_SCHEMA)
      .field("ts_ms", Schema.INT64_SCHEMA)
      .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
      .field("db", Schema.STRING_SCHEMA)
      .field("schema", Schema.STRING_SCHEMA)
      .field("table", Schema.STRING_SCHEMA)
      .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
      .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
      .build();
  private static final Schema MYSQL_SOURCE = SchemaBuilder.struct().name("io.debezium.connector.mysql.Source")
      .field("connector", Schema.STRING_SCHEMA)
      .field("ts_ms", Schema.INT64_SCHEMA)
      .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
      .field("db", Schema.STRING_SCHEMA)
      .field("table", Schema.OPTIONAL_STRING_SCHEMA)
      .field("file", Schema.STRING_SCHEMA)
      .field("pos", Schema.INT64_SCHEMA)
      .build();
  private static final Schema SITE = SchemaBuilder.struct().name("his.sede.Value")
      .field("id", Schema.INT64_SCHEMA)
      .field("nombre", Schema.STRING_SCHEMA)
      .optional().build();
  private static final Schema APPOINTMENT = SchemaBuilder.struct().name("his.cita.Value")
      .field("id", Schema.INT64_SCHEMA)
      .field("estado", Schema.STRING_SCHEMA)
      .optional().build();
  private static final Schema POSTGRES_APPOINTMENT_ENVELOPE = envelope(POSTGRES_SOURCE, APPOINTMENT);
  private static final Schema POSTGRES_SITE_ENVELOPE = envelope(POSTGRES_SOURCE, SITE);
  private static final Schema MYSQL_APPOINTMENT_ENVELOPE = envelope(MYSQL_SOURCE, APPOINTMENT);

  private final ChangeRecords records = new ChangeRecords(HisMapping.reference(), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void anInsertIsACreateOfItsEntityWithItsPositionInTheLog() {
    Struct after = new Struct(APPOINTMENT).put("id", 9L).put("estado", "AGENDADA");

    CapturedChange change = records.read(record(postgres("his", "cita", null, 4567L, 123_456L), "c", null, after))
        .orElseThrow();

    assertThat(change.entity()).isEqualTo(HisEntity.APPOINTMENTS);
    assertThat(change.op()).isEqualTo(ChangeOperation.CREATE);
    assertThat(change.before()).isNull();
    assertThat(change.after()).containsEntry("id", 9L).containsEntry("estado", "AGENDADA");
    assertThat(change.position()).isEqualTo(new SourcePosition("postgresql", "his", "his", "cita", 123_456L, 4567L,
        null, Instant.ofEpochMilli(COMMIT_MILLIS), false, NOW));
    assertThat(new String(change.rowAsJson().get(), StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":9,\"estado\":\"AGENDADA\"}");
  }

  @Test
  void updatesDeletesAndSnapshotReadsKeepTheirImages() {
    Struct before = new Struct(APPOINTMENT).put("id", 9L).put("estado", "AGENDADA");
    Struct after = new Struct(APPOINTMENT).put("id", 9L).put("estado", "CONFIRMADA");

    CapturedChange update = records.read(record(postgres("his", "cita", null, 1L, 2L), "u", before, after))
        .orElseThrow();
    CapturedChange delete = records.read(record(postgres("his", "cita", null, 1L, 3L), "d", after, null))
        .orElseThrow();
    CapturedChange snapshot = records.read(record(postgres("his", "cita", "last", null, 4L), "r", null, after))
        .orElseThrow();

    assertThat(update.op()).isEqualTo(ChangeOperation.UPDATE);
    assertThat(update.before()).containsEntry("estado", "AGENDADA");
    assertThat(update.after()).containsEntry("estado", "CONFIRMADA");
    assertThat(delete.op()).isEqualTo(ChangeOperation.DELETE);
    assertThat(delete.after()).isNull();
    assertThat(new String(delete.rowAsJson().get(), StandardCharsets.UTF_8)).contains("CONFIRMADA");
    assertThat(snapshot.op()).isEqualTo(ChangeOperation.SNAPSHOT);
    assertThat(snapshot.position().getSnapshot()).isTrue();
    assertThat(snapshot.position().getTxId()).isNull();
  }

  @Test
  void changesOfSeveralTablesInTurnGoToTheirOwnEntities() {
    Struct site = new Struct(SITE).put("id", 1L).put("nombre", "Sede uno");
    Struct appointment = new Struct(APPOINTMENT).put("id", 9L).put("estado", "AGENDADA");

    for (int i = 0; i < 3; i++) {
      assertThat(records.read(record(postgres("his", "sede", null, 1L, 1L), "c", null, site)).orElseThrow().entity())
          .isEqualTo(HisEntity.SITES);
      assertThat(records.read(record(postgres("his", "cita", null, 1L, 1L), "c", null, appointment)).orElseThrow()
          .entity()).isEqualTo(HisEntity.APPOINTMENTS);
      assertThat(records.read(record(postgres("otro", "cita", null, 1L, 1L), "c", null, appointment))).isEmpty();
    }
  }

  @Test
  void aConnectorWithoutSchemasNamesTablesByDatabaseAndKeepsItsOwnOffset() {
    Struct source = new Struct(MYSQL_SOURCE).put("connector", "mysql").put("ts_ms", COMMIT_MILLIS)
        .put("snapshot", "false").put("db", "his").put("table", "cita").put("file", "binlog.000003").put("pos", 154L);
    Struct after = new Struct(APPOINTMENT).put("id", 9L).put("estado", "AGENDADA");
    SourceRecord record = new SourceRecord(Map.of("server", "his"), Map.of("file", "binlog.000003", "pos", 154L),
        "his.his.cita", MYSQL_APPOINTMENT_ENVELOPE, envelope(MYSQL_APPOINTMENT_ENVELOPE, source, "c", null, after));

    CapturedChange change = records.read(record).orElseThrow();

    assertThat(change.entity()).isEqualTo(HisEntity.APPOINTMENTS);
    assertThat(change.position().getSchema$()).isNull();
    assertThat(change.position().getLsn()).isNull();
    assertThat(change.position().getPosition()).contains("binlog.000003").contains("154");
    assertThat(change.position().getSnapshot()).isFalse();
  }

  @Test
  void recordsThatAreNoRowChangeGiveNothing() {
    Schema heartbeat = SchemaBuilder.struct().name("io.debezium.connector.common.Heartbeat")
        .field("ts_ms", Schema.INT64_SCHEMA).build();
    Struct appointment = new Struct(APPOINTMENT).put("id", 9L).put("estado", "AGENDADA");

    assertThat(records.read(new SourceRecord(Map.of(), Map.of(), "heartbeats", heartbeat,
        new Struct(heartbeat).put("ts_ms", COMMIT_MILLIS)))).isEmpty();
    assertThat(records.read(new SourceRecord(Map.of(), Map.of(), "his.his.cita", null, null))).isEmpty();
    assertThat(records.read(record(postgres("his", "cita", null, 1L, 1L), "t", null, null))).isEmpty();
    assertThat(records.read(record(postgres("his", "cita", null, 1L, 1L), "c", null, appointment))).isPresent();
  }

  private static Struct postgres(String schema, String table, String snapshot, Long txId, long lsn) {
    return new Struct(POSTGRES_SOURCE).put("version", "3.6.3.Final").put("connector", "postgresql")
        .put("ts_ms", COMMIT_MILLIS).put("snapshot", snapshot == null ? "false" : snapshot).put("db", "his")
        .put("schema", schema).put("table", table).put("txId", txId).put("lsn", lsn);
  }

  private static SourceRecord record(Struct source, String op, Struct before, Struct after) {
    Schema row = before != null ? before.schema() : after != null ? after.schema() : APPOINTMENT;
    Struct value = envelope(row == SITE ? POSTGRES_SITE_ENVELOPE : POSTGRES_APPOINTMENT_ENVELOPE, source, op, before,
        after);
    return new SourceRecord(Map.of("server", "his"), Map.of("lsn", source.getInt64("lsn")),
        "his." + source.getString("schema") + "." + source.getString("table"), value.schema(), value);
  }

  private static Struct envelope(Schema envelope, Struct source, String op, Struct before, Struct after) {
    return new Struct(envelope).put("op", op).put("source", source).put("before", before).put("after", after)
        .put("ts_ms", COMMIT_MILLIS);
  }

  /** One envelope schema per table and connector, as Debezium builds them. */
  private static Schema envelope(Schema source, Schema row) {
    return SchemaBuilder.struct().name(row.name().replace(".Value", ".Envelope"))
        .field("before", row)
        .field("after", row)
        .field("source", source)
        .field("op", Schema.STRING_SCHEMA)
        .field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
        .build();
  }
}
