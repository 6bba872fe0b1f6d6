package org.contactability.his.reference;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Creates and upgrades the reference HIS schema ({@code his}) with the Flyway migrations in {@code db/his}. */
public final class ReferenceHisSchema {

  public static final String SCHEMA = "his";
  public static final String LOCATION = "classpath:db/his";

  private ReferenceHisSchema() {
  }

  /**
   * Applies the pending migrations, creating the schema when missing. Flyway keeps its history
   * in {@code his.flyway_schema_history}; change-data-capture should not include that table.
   */
  public static MigrateResult migrate(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .schemas(SCHEMA)
        .locations(LOCATION)
        .load()
        .migrate();
  }
}
