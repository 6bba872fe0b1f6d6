package org.contactability.hisconnector.adapters.debezium;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
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
 *
 * <p>Debezium gives every record of a table the same schema objects, so the fields are looked up
 * by name once per schema and then read by position. One instance serves one engine thread.
 */
public final class ChangeRecords {

  private final Map<String, HisEntity> entitiesByTable;
  private final Clock clock;
  private final JsonConverter json = new JsonConverter();
  private Envelope envelope;
  private Source source;
  private MappedTable table;

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
    if (!(record.value() instanceof Struct value)) {
      return Optional.empty();
    }
    Envelope fields = envelope(value.schema());
    if (fields.op() == null || fields.source() == null) {
      return Optional.empty();
    }
    Optional<ChangeOperation> op = operation((String) value.get(fields.op()));
    Struct sourceInfo = (Struct) value.get(fields.source());
    if (op.isEmpty() || sourceInfo == null) {
      return Optional.empty();
    }
    Source where = source(sourceInfo.schema());
    HisEntity entity = entity(sourceInfo, where);
    if (entity == null) {
      return Optional.empty();
    }
    Struct before = fields.before() == null ? null : (Struct) value.get(fields.before());
    Struct after = fields.after() == null ? null : (Struct) value.get(fields.after());
    return Optional.of(new CapturedChange(entity, op.get(), ColumnValues.of(before), ColumnValues.of(after),
        position(sourceInfo, where, record), () -> asJson(record.topic(), after != null ? after : before)));
  }

  private static Optional<ChangeOperation> operation(String op) {
    if (op == null) {
      return Optional.empty();
    }
    return switch (op) {
      case "r" -> Optional.of(ChangeOperation.SNAPSHOT);
      case "c" -> Optional.of(ChangeOperation.CREATE);
      case "u" -> Optional.of(ChangeOperation.UPDATE);
      case "d" -> Optional.of(ChangeOperation.DELETE);
      default -> Optional.empty();
    };
  }

  /**
   * The entity of {@code schema.table} where the database has schemas (PostgreSQL, SQL Server,
   * Oracle), else of {@code db.table}. Changes come in runs of one table, so the last answer is
   * kept rather than building the qualified name for every record.
   */
  private HisEntity entity(Struct sourceInfo, Source where) {
    String schema = string(sourceInfo, where.schema());
    String container = schema != null ? schema : string(sourceInfo, where.db());
    String name = string(sourceInfo, where.table());
    MappedTable last = table;
    if (last != null && Objects.equals(last.container(), container) && Objects.equals(last.name(), name)) {
      return last.entity();
    }
    HisEntity entity = entitiesByTable.get(container + "." + name);
    table = new MappedTable(container, name, entity);
    return entity;
  }

  private SourcePosition position(Struct sourceInfo, Source where, SourceRecord record) {
    String snapshot = string(sourceInfo, where.snapshot());
    Long lsn = number(sourceInfo, where.lsn());
    return new SourcePosition(string(sourceInfo, where.connector()), string(sourceInfo, where.db()),
        string(sourceInfo, where.schema()), string(sourceInfo, where.table()), lsn, number(sourceInfo, where.txId()),
        lsn == null ? String.valueOf(record.sourceOffset()) : null,
        Instant.ofEpochMilli(number(sourceInfo, where.tsMs())), snapshot != null && !"false".equals(snapshot),
        clock.instant());
  }

  private byte[] asJson(String topic, Struct row) {
    if (row == null) {
      return null;
    }
    return json.fromConnectData(topic, row.schema(), row);
  }

  private Envelope envelope(Schema schema) {
    Envelope last = envelope;
    if (last != null && last.schema() == schema) {
      return last;
    }
    Envelope fields = new Envelope(schema, schema.field("op"), schema.field("source"), schema.field("before"),
        schema.field("after"));
    envelope = fields;
    return fields;
  }

  private Source source(Schema schema) {
    Source last = source;
    if (last != null && last.struct() == schema) {
      return last;
    }
    Source fields = new Source(schema, schema.field("connector"), schema.field("db"), schema.field("schema"),
        schema.field("table"), schema.field("lsn"), schema.field("txId"), schema.field("ts_ms"),
        schema.field("snapshot"));
    source = fields;
    return fields;
  }

  /** A field's text; null when the schema has no such field. */
  private static String string(Struct struct, Field field) {
    return field == null ? null : (String) struct.get(field);
  }

  private static Long number(Struct struct, Field field) {
    Object value = field == null ? null : struct.get(field);
    return value == null ? null : ((Number) value).longValue();
  }

  /** The fields of a change event's value; null where the schema has no such field. */
  private record Envelope(Schema schema, Field op, Field source, Field before, Field after) {
  }

  /** The fields of a change event's {@code source} block; null where the connector has no such field. */
  private record Source(Schema struct, Field connector, Field db, Field schema, Field table, Field lsn, Field txId,
      Field tsMs, Field snapshot) {
  }

  private record MappedTable(String container, String name, HisEntity entity) {
  }
}
