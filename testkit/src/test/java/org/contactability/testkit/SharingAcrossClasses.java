package org.contactability.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.contactability.embedded.PostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every test class of a JVM observes about the shared infrastructure. Two concrete classes
 * run it; whichever runs second compares its observations with the first's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SharingAcrossClasses {

  private static final Set<String> BROKERS_SEEN = ConcurrentHashMap.newKeySet();
  private static final Set<String> SERVERS_SEEN = ConcurrentHashMap.newKeySet();
  private static final Set<String> DATABASES_SEEN = ConcurrentHashMap.newKeySet();
  private static final Set<Class<?>> CLASSES_SEEN = ConcurrentHashMap.newKeySet();

  private PostgresDatabase database;

  @BeforeAll
  void observeTheSharedInfrastructure() throws Exception {
    database = SharedPostgres.newDatabase(getClass());
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE owned_by_" + getClass().getSimpleName().toLowerCase() + " (id int)");
      try (ResultSet row = statement.executeQuery("SELECT inet_server_port() || '@' || pg_postmaster_start_time()")) {
        row.next();
        SERVERS_SEEN.add(row.getString(1));
      }
    }
    String clusterId = SharedKafka.admin().describeCluster().clusterId().get();
    BROKERS_SEEN.add(clusterId + "@" + SharedKafka.bootstrapServers());
    DATABASES_SEEN.add(database.name());
    CLASSES_SEEN.add(getClass());
  }

  @Test
  void every_class_uses_the_same_broker() {
    assertThat(BROKERS_SEEN).as("brokers seen by %s", CLASSES_SEEN).hasSize(1);
  }

  @Test
  void every_class_uses_the_same_postgresql_server() {
    assertThat(SERVERS_SEEN).as("servers seen by %s", CLASSES_SEEN).hasSize(1);
  }

  @Test
  void every_class_has_its_own_database() throws SQLException {
    assertThat(DATABASES_SEEN).hasSameSizeAs(CLASSES_SEEN);
    List<String> tables = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        ResultSet rows = connection.getMetaData().getTables(null, "public", "owned_by_%", null)) {
      while (rows.next()) {
        tables.add(rows.getString("TABLE_NAME"));
      }
    }
    assertThat(tables).containsExactly("owned_by_" + getClass().getSimpleName().toLowerCase());
  }
}
