package org.contactability.embedded;

import java.util.Objects;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where one PostgreSQL database is and how to log into it: what a JDBC pool or a Debezium
 * connector needs ({@code database.hostname}, {@code database.port}, {@code database.dbname},
 * {@code database.user}, {@code database.password}).
 */
public record PostgresDatabase(String host, int port, String name, String user, String password) {

  public PostgresDatabase {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + name;
  }

  /** A non-pooling data source that logs in as {@link #user()}; each connection is a new session. */
  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {host});
    dataSource.setPortNumbers(new int[] {port});
    dataSource.setDatabaseName(name);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }

  /** Leaves the password out, so that logging a database never leaks its credentials. */
  @Override
  public String toString() {
    return "PostgresDatabase[" + jdbcUrl() + ", user=" + user + "]";
  }
}
