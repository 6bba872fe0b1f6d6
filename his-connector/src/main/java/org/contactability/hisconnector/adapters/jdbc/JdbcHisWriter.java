package org.contactability.hisconnector.adapters.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import org.contactability.hisconnector.application.HisTransaction;
import org.contactability.hisconnector.application.HisWriteException;
import org.contactability.hisconnector.application.HisWriter;
import org.contactability.hisconnector.application.TransientHisException;
import org.contactability.hisconnector.domain.mapping.HisMapping;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Runs writeback work in one JDBC transaction on the HIS database, with a lock timeout so that a
 * row a clerk holds makes the command wait a little and then retry, not hang.
 */
public final class JdbcHisWriter implements HisWriter {

  /**
   * SQL states worth retrying: connection problems (class 08), serialization failure and deadlock
   * (40001, 40P01), lock not available (55P03), server shutting down or restarting (57P01-57P03).
   */
  private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "57P01", "57P02", "57P03");

  private final DataSource dataSource;
  private final HisMapping mapping;
  private final String platformSchema;
  private final Duration lockTimeout;

  public JdbcHisWriter(DataSource dataSource, HisMapping mapping, String platformSchema, Duration lockTimeout) {
    this.dataSource = dataSource;
    this.mapping = mapping;
    this.platformSchema = platformSchema;
    this.lockTimeout = lockTimeout;
  }

  @Override
  public <T> T inTransaction(Function<HisTransaction, T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        JdbcHisTransaction.setLockTimeout(connection, lockTimeout);
        T result = work.apply(new JdbcHisTransaction(connection, mapping, platformSchema));
        connection.commit();
        return result;
      } catch (RuntimeException failure) {
        rollbackQuietly(connection);
        throw unwrap(failure);
      }
    } catch (SQLException failure) {
      throw translate(failure);
    }
  }

  private static RuntimeException unwrap(RuntimeException failure) {
    if (failure instanceof JdbcHisTransaction.SqlFailure sql) {
      return translate(sql.sqlException());
    }
    return failure;
  }

  /**
   * Names the SQL state, the constraint and the server's one-line message only, and drops the
   * driver's exception: its detail repeats row values (patient data) and would reach logs and
   * dead-letter reasons through the cause chain.
   */
  static RuntimeException translate(SQLException failure) {
    String state = failure.getSQLState() == null ? "none" : failure.getSQLState();
    StringBuilder message = new StringBuilder("HIS database failed (SQL state ").append(state);
    if (failure instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server.getConstraint() != null) {
        message.append(", constraint ").append(server.getConstraint());
      } else if (server.getMessage() != null && server.getDetail() == null) {
        message.append(": ").append(server.getMessage());
      }
    } else {
      message.append(", ").append(failure.getClass().getSimpleName());
    }
    message.append(')');
    if (failure instanceof SQLTransientException || failure instanceof SQLRecoverableException
        || state.startsWith("08") || TRANSIENT_STATES.contains(state)) {
      return new TransientHisException(message.toString(), null);
    }
    return new HisWriteException(message.toString(), null);
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is gone; the server rolls the transaction back itself.
    }
  }
}
