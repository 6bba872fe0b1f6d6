package org.contactability.hisconnector.adapters.jdbc;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades the platform's own schema in the HIS database ({@code contactabilidad} by
 * default), with its own Flyway history, apart from the HIS's tables and migrations.
 */
public final class PlatformSchema {

  public static final String LOCATION = "classpath:db/contactabilidad";

  private PlatformSchema() {
  }

  public static void migrate(DataSource dataSource, String schema) {
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .locations(LOCATION)
        .table("flyway_historial_contactabilidad")
        .load()
        .migrate();
  }
}
