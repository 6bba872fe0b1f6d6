package org.contactability.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import javax.sql.DataSource;

import org.contactability.embedded.PostgresDatabase;
import org.contactability.his.reference.DemoData;
import org.contactability.testkit.SharedPostgres;
import org.junit.jupiter.api.Test;

/** The compose stack's one-shot HIS job, on a real PostgreSQL: schema and demo once, then nothing. */
class HisInitTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void migrates_and_loads_the_demo_once_then_keeps_the_his_as_it_is() throws Exception {
    PostgresDatabase database = SharedPostgres.newDatabase(HisInitTest.class);
    DataSource his = database.dataSource();
    HisInit.Settings settings = new HisInit.Settings(true, DemoData.DEFAULT_SEED, DemoData.DEFAULT_ZONE);

    assertThat(HisInit.run(his, CLOCK, settings)).isEqualTo(HisInit.Outcome.DEMO_LOADED);
    long patients = count(his, "his.paciente");
    long appointments = count(his, "his.cita");
    assertThat(patients).isEqualTo(300);
    assertThat(appointments).isPositive();

    // A restarted stack runs the job again: the HIS, with whatever changed since, stays.
    try (Connection connection = his.getConnection(); Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM his.cita WHERE id = (SELECT max(id) FROM his.cita)");
    }
    assertThat(HisInit.run(his, CLOCK, settings)).isEqualTo(HisInit.Outcome.ALREADY_FILLED);
    assertThat(count(his, "his.paciente")).isEqualTo(patients);
    assertThat(count(his, "his.cita")).isEqualTo(appointments - 1);
  }

  @Test
  void without_demo_data_only_the_schema_is_made() throws Exception {
    PostgresDatabase database = SharedPostgres.newDatabase(HisInitTest.class);
    DataSource his = database.dataSource();

    assertThat(HisInit.run(his, CLOCK, new HisInit.Settings(false, 1, DemoData.DEFAULT_ZONE)))
        .isEqualTo(HisInit.Outcome.SCHEMA_ONLY);
    assertThat(count(his, "his.cita")).isZero();
  }

  @Test
  void settings_come_from_the_environment_with_the_demos_defaults() {
    assertThat(HisInit.Settings.from(Map.of()))
        .isEqualTo(new HisInit.Settings(true, DemoData.DEFAULT_SEED, DemoData.DEFAULT_ZONE));
    assertThat(HisInit.Settings.from(Map.of("HIS_DEMO_DATA", "false", "HIS_DEMO_SEED", "7",
        "HIS_ZONE", "America/Punta_Arenas")))
        .isEqualTo(new HisInit.Settings(false, 7, ZoneId.of("America/Punta_Arenas")));
  }

  private static long count(DataSource dataSource, String table) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
