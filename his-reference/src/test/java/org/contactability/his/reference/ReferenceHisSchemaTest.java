package org.contactability.his.reference;

import org.contactability.testkit.SharedPostgres;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

class ReferenceHisSchemaTest {

  @Test
  void migrationsCreateTheHisTablesInAnEmptyDatabase() throws SQLException {
    DataSource database = SharedPostgres.newDatabase().dataSource();

    MigrateResult result = ReferenceHisSchema.migrate(database);

    assertThat(result.success).isTrue();
    assertThat(result.migrationsExecuted).isEqualTo(2);
    assertThat(query(database, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'his'"
        + " AND table_name <> 'flyway_schema_history' ORDER BY table_name"))
        .containsExactly("cita", "lista_espera", "paciente", "profesional", "sede");
    assertThat(new ReferenceHis(database, Clock.systemUTC()).isEmpty()).isTrue();
  }

  @Test
  void migratingAgainChangesNothing() {
    DataSource database = SharedPostgres.newDatabase().dataSource();
    ReferenceHisSchema.migrate(database);

    MigrateResult again = ReferenceHisSchema.migrate(database);

    assertThat(again.migrationsExecuted).isZero();
  }

  @Test
  void appointmentTimesAreLocalWallClockWithoutZone() throws SQLException {
    DataSource database = SharedPostgres.newDatabase().dataSource();
    ReferenceHisSchema.migrate(database);

    assertThat(query(database, "SELECT data_type FROM information_schema.columns"
        + " WHERE table_schema = 'his' AND table_name = 'cita' AND column_name IN ('fecha_hora', 'creada_en')"
        + " ORDER BY column_name"))
        .containsExactly("timestamp with time zone", "timestamp without time zone");
  }

  @Test
  void everyTableAndColumnIsDocumented() throws SQLException {
    DataSource database = SharedPostgres.newDatabase().dataSource();
    ReferenceHisSchema.migrate(database);

    assertThat(query(database, "SELECT c.relname || '.' || a.attname FROM pg_attribute a"
        + " JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'his'::regnamespace"
        + " AND c.relkind = 'r' AND c.relname <> 'flyway_schema_history' AND a.attnum > 0"
        + " AND NOT a.attisdropped AND a.attname <> 'id' AND col_description(c.oid, a.attnum) IS NULL"))
        .isEmpty();
    assertThat(query(database, "SELECT relname FROM pg_class WHERE relnamespace = 'his'::regnamespace"
        + " AND relkind = 'r' AND relname <> 'flyway_schema_history' AND obj_description(oid, 'pg_class') IS NULL"))
        .isEmpty();
  }

  @Test
  void leavesReplicaIdentityAndPublicationsToTheConnector() throws SQLException {
    DataSource database = SharedPostgres.newDatabase().dataSource();
    ReferenceHisSchema.migrate(database);

    assertThat(query(database, "SELECT DISTINCT relreplident::text FROM pg_class"
        + " WHERE relnamespace = 'his'::regnamespace AND relkind = 'r'"))
        .containsExactly("d");
    assertThat(query(database, "SELECT pubname FROM pg_publication")).isEmpty();
  }

  static List<String> query(DataSource database, String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }
}
