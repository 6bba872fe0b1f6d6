package org.contactability.his.reference;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Runs work in one JDBC transaction and turns database failures into messages without patient data. */
final class Transactions {

  static final String LIVE_SLOT_INDEX = "cita_profesional_hora_vigente_uk";

  private Transactions() {
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  static <T> T inTransaction(DataSource dataSource, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException failure) {
        connection.rollback();
        throw failure;
      }
    } catch (SQLException failure) {
      throw translate(failure);
    }
  }

  /**
   * Names the constraint and SQL state but drops the server's detail, which repeats the
   * offending values (patient data).
   */
  static ReferenceHisException translate(SQLException failure) {
    ServerErrorMessage server = failure instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    String constraint = server == null ? null : server.getConstraint();
    if (constraint == null) {
      return new ReferenceHisException(
          "reference HIS operation failed (SQL state " + failure.getSQLState() + ")", null, failure);
    }
    String message = "violates " + constraint + " on his." + server.getTable()
        + " (SQL state " + failure.getSQLState() + ")";
    if (LIVE_SLOT_INDEX.equals(constraint)) {
      return new SlotTakenException(
          "the professional already has a live appointment at that time: " + message, constraint);
    }
    return new ReferenceHisException(message, constraint, null);
  }
}
