package org.contactability.hisconnector.adapters.debezium;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.hisconnector.application.CapturedChange;
import org.contactability.hisconnector.domain.mapping.HisEntity;
import org.contactability.hisconnector.domain.mapping.HisMapping;

/**
 * Reads Debezium's change records ({@code op}, {@code before}, {@code after}, {@code source}) into
 * {@link CapturedChange}s of the mapped tables. Records that are no row change of a mapped table
 * (heartbeats, tombstones, truncates) give nothing.
 */
public final class ChangeRecords {

  private final Map<String, HisEntity> entitiesByTable;
  private final Clock clock;
  private final JsonConverter json = new JsonConverter();

  public ChangeRecords(HisMapping mapping, Clock clock) {
    this.entitiesByTable = Map.of(
        mapping.patients().table(), HisEntity.PATIENTS,
        mapping.professionals().table(), HisEntity.PROFESSIONALS,
        mapping.sites().table(), HisEntity.SITES,
        mapping.appointments().table(), HisEntity.APPOINTMENTS,
        mapping.waitlist().table(), HisEntity.WAITLIST);
    this.clock = clock;
    json.configure(Map.of("schemas.enable", "false", "converter.type", "value"));
  }

  public Optional<CapturedChange> read(SourceRecord record) {
    if (!(record.value() instanceof Struct value) || value.schema().field("op") == null
        || value.schema().field("source") == null) {
      return Optional.empty();
    }
    Optional<ChangeOperation> op = operation(value.getString("op"));
    Struct source = value.getStruct("source");
    HisEntity entity = entitiesByTable.get(qualifiedTable(source));
    if (op.isEmpty() || entity == null) {
      return Optional.empty();
    }
    Struct before = value.getStruct("before");
    Struct after = value.getStruct("after");
    return Optional.of(new CapturedChange(entity, op.get(), ColumnValues.of(before), ColumnValues.of(after),
        position(source, record), () -> asJson(record.topic(), after != null ? after : before)));
  }

  private static Optional<ChangeOperation> operation(String op) {
    return switch (op) {
      case "r" -> Optional.of(ChangeOperation.SNAPSHOT);
      case "c" -> Optional.of(ChangeOperation.CREATE);
      case "u" -> Optional.of(ChangeOperation.UPDATE);
      case "d" -> Optional.of(ChangeOperation.DELETE);
      default -> Optional.empty();
    };
  }

  /** {@code schema.table} where the database has schemas (PostgreSQL, SQL Server, Oracle), else {@code db.table}. */
  private static String qualifiedTable(Struct source) {
    String schema = optionalString(source, "schema");
    String container = schema != null ? schema : optionalString(source, "db");
    return container + "." + source.getString("table");
  }

  private SourcePosition position(Struct source, SourceRecord record) {
    String snapshot = optionalString(source, "snapshot");
    Long lsn = optionalLong(source, "lsn");
    return SourcePosition.newBuilder()
        .setConnector(source.getString("connector"))
        .setDatabase(source.getString("db"))
        .setSchema$(optionalString(source, "schema"))
        .setTable(source.getString("table"))
        .setLsn(lsn)
        .setTxId(optionalLong(source, "txId"))
        .setPosition(lsn == null ? String.valueOf(record.sourceOffset()) : null)
        .setCommitTime(Instant.ofEpochMilli(source.getInt64("ts_ms")))
        .setSnapshot(snapshot != null && !"false".equals(snapshot))
        .setCapturedAt(clock.instant())
        .build();
  }

  private byte[] asJson(String topic, Struct row) {
    if (row == null) {
      return null;
    }
    return json.fromConnectData(topic, row.schema(), row);
  }

  private static String optionalString(Struct struct, String field) {
    return struct.schema().field(field) == null ? null : struct.getString(field);
  }

  private static Long optionalLong(Struct struct, String field) {
    if (struct.schema().field(field) == null) {
      return null;
    }
    Object value = struct.get(field);
    return value == null ? null : ((Number) value).longValue();
  }
}
