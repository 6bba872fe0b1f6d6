package org.contactability.hisconnector.adapters.debezium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class ColumnValuesTest {

  private static final Schema ROW = SchemaBuilder.struct().name("his.cita.Value")
      .field("id", Schema.INT64_SCHEMA)
      .field("fecha_hora", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build())
      .field("fecha", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
      .field("creada_en", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
      .field("motivo_anulacion", Schema.OPTIONAL_STRING_SCHEMA)
      .build();

  @Test
  void columnsReadAsJavaValuesByName() {
    Struct row = new Struct(ROW).put("id", 42L)
        .put("fecha_hora", 1_767_610_800_000_000L + 123_456L)
        .put("fecha", 20_458)
        .put("creada_en", "2026-01-05T11:00:00.5Z");

    Map<String, Object> values = ColumnValues.of(row);

    assertThat(values.get("id")).isEqualTo(42L);
    assertThat(values.get("fecha_hora")).isEqualTo(LocalDateTime.of(2026, 1, 5, 11, 0, 0, 123_456_000));
    assertThat(values.get("fecha")).isEqualTo(LocalDate.of(2026, 1, 5));
    assertThat(values.get("creada_en")).isEqualTo(Instant.parse("2026-01-05T11:00:00.500Z"));
    assertThat(values.get("motivo_anulacion")).isNull();
    assertThat(values).containsKey("motivo_anulacion").doesNotContainKey("no_such_column");
    assertThat(values.get("no_such_column")).isNull();
  }

  @Test
  void theViewEqualsTheRowReadColumnByColumn() {
    Struct row = new Struct(ROW).put("id", 7L).put("fecha_hora", 0L).put("creada_en", "1970-01-01T00:00:00Z");

    Map<String, Object> eager = new HashMap<>();
    for (var field : ROW.fields()) {
      eager.put(field.name(), ColumnValues.value(field.schema(), row.get(field)));
    }

    assertThat(ColumnValues.of(row)).isEqualTo(eager).hasSize(5);
    assertThat(ColumnValues.of(null)).isNull();
  }

  @Test
  void zonedTimestampsReadAsTheLibraryReadsThem() {
    Random random = new Random(20260105);
    List<DateTimeFormatter> shapes = List.of(DateTimeFormatter.ISO_OFFSET_DATE_TIME,
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"),
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX"),
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX"));
    List<ZoneOffset> offsets = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(-3), ZoneOffset.ofHoursMinutes(5, 30),
        ZoneOffset.ofHoursMinutes(-9, -30), ZoneOffset.ofHours(14), ZoneOffset.ofHours(-18));
    for (int i = 0; i < 20_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 8_000_000_000L),
          random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      String text = shapes.get(random.nextInt(shapes.size()))
          .format(instant.atOffset(offsets.get(random.nextInt(offsets.size()))));

      assertThat(ColumnValues.instant(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
  }

  @Test
  void zonedTimestampsOfOtherShapesGoToTheLibrary() {
    assertThat(ColumnValues.instant("2026-01-05T11:00Z")).isEqualTo(Instant.parse("2026-01-05T11:00:00Z"));
    assertThat(ColumnValues.instant("2026-01-05T11:00:00+05:30:15"))
        .isEqualTo(OffsetDateTime.parse("2026-01-05T11:00:00+05:30:15").toInstant());
    assertThat(ColumnValues.instant("+12026-01-05T11:00:00Z"))
        .isEqualTo(OffsetDateTime.parse("+12026-01-05T11:00:00Z").toInstant());
    assertThat(ColumnValues.instant("2026-01-05T11:00:00.Z")).isEqualTo(Instant.parse("2026-01-05T11:00:00Z"));
    assertThat(ColumnValues.instant("2026-01-05T11:00:00.1Z"))
        .isEqualTo(Instant.parse("2026-01-05T11:00:00Z").plus(100, ChronoUnit.MILLIS));
  }

  @Test
  void malformedZonedTimestampsFailAsTheLibraryFails() {
    for (String bad : List.of("2026-02-30T11:00:00Z", "2026-01-05T24:00:00Z", "2026-01-05T11:00:00.1234567890Z", "2026-01-05T11:00:00+19:00", "2026-01-05T11:00:00", "2026-01-05 11:00:00Z",
        "2026-01-05T11:0a:00Z", "2026-01-05T11:00:00+05-30", "")) {
      assertThatThrownBy(() -> ColumnValues.instant(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
    }
  }
}
