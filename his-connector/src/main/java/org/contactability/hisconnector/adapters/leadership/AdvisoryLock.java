package org.contactability.hisconnector.adapters.leadership;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import org.contactability.hisconnector.domain.leadership.Leadership.Observation;
import org.contactability.hisconnector.domain.leadership.Leadership.Role;

/**
 * A PostgreSQL session-level advisory lock named after the replication slot it guards, held by one
 * dedicated connection on the HIS database. PostgreSQL releases it when that session ends: a clean
 * stop, a killed process (the kernel closes its socket), or a silent peer the server's TCP
 * keepalives and user timeout give up on after {@code deadHolderAfter}.
 */
public final class AdvisoryLock implements AutoCloseable {

  /** First key of the two-key lock: keeps it apart from advisory locks the HIS itself may take ("HISC"). */
  static final int LOCK_SPACE = 0x48495343;

  /** Where and as whom to connect. */
  public record Login(String host, int port, String database, String user, String password) {
  }

  private final Login login;
  private final String slotName;
  private final String applicationName;
  private final Duration timeout;
  private final Duration deadHolderAfter;
  private Connection session;

  /**
   * @param applicationName shown in {@code pg_stat_activity}, so ops can see which instance holds the lock
   * @param timeout         longest a connection attempt or a check may take before the session counts as failed
   * @param deadHolderAfter how long the server keeps the lock of a session whose peer went silent
   */
  public AdvisoryLock(Login login, String slotName, String applicationName, Duration timeout,
      Duration deadHolderAfter) {
    this.login = login;
    this.slotName = slotName;
    this.applicationName = applicationName;
    this.timeout = timeout;
    this.deadHolderAfter = deadHolderAfter;
  }

  /** Standing by, asks for the lock; capturing, confirms the session still holds it. Never throws. */
  public Observation check(Role role) {
    try {
      Connection connection = session();
      return role == Role.STANDBY ? tryAcquire(connection) : confirm(connection);
    } catch (SQLException failed) {
      close();
      return Observation.SESSION_FAILED;
    }
  }

  /** Ends the session, which releases the lock if it held it. */
  @Override
  public void close() {
    Connection connection = session;
    session = null;
    if (connection != null) {
      // Unlocking first hands the lock over at once; the end of the session alone frees it a moment later.
      try (connection; Statement unlock = connection.createStatement()) {
        unlock.setQueryTimeout(seconds(timeout));
        unlock.execute("SELECT pg_advisory_unlock_all()");
      } catch (SQLException ignored) {
        // The session is gone either way, and with it the lock.
      }
    }
  }

  private Observation tryAcquire(Connection connection) throws SQLException {
    return ask(connection, "SELECT pg_try_advisory_lock(?, hashtext(?))", Observation.ACQUIRED,
        Observation.HELD_ELSEWHERE);
  }

  private Observation confirm(Connection connection) throws SQLException {
    return ask(connection, "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
        + " AND pid = pg_backend_pid() AND granted AND classid = ?::oid AND objid = hashtext(?)::oid"
        + " AND objsubid = 2)", Observation.CONFIRMED, Observation.NOT_HELD);
  }

  /** Runs a yes-or-no question about this slot's lock. */
  private Observation ask(Connection connection, String question, Observation yes, Observation no)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(question)) {
      query.setQueryTimeout(seconds(timeout));
      query.setInt(1, LOCK_SPACE);
      query.setString(2, slotName);
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getBoolean(1) ? yes : no;
      }
    }
  }

  private Connection session() throws SQLException {
    if (session == null) {
      Properties settings = new Properties();
      settings.setProperty("user", login.user());
      settings.setProperty("password", login.password());
      settings.setProperty("ApplicationName", applicationName);
      settings.setProperty("connectTimeout", Integer.toString(seconds(timeout)));
      // A check that hangs on a dead network fails after this, and the capture stops.
      settings.setProperty("socketTimeout", Integer.toString(seconds(timeout) + 1));
      settings.setProperty("tcpKeepAlive", "true");
      Connection connection = DriverManager.getConnection(
          "jdbc:postgresql://" + login.host() + ":" + login.port() + "/" + login.database(), settings);
      try (Statement statement = connection.createStatement()) {
        // The server's side: a holder that went silent loses its session, and the lock, after deadHolderAfter.
        long dead = Math.max(2, deadHolderAfter.toSeconds());
        statement.execute("SET tcp_keepalives_idle = " + Math.max(1, dead / 2));
        statement.execute("SET tcp_keepalives_interval = " + Math.max(1, dead / 10));
        statement.execute("SET tcp_keepalives_count = 5");
        statement.execute("SET tcp_user_timeout = " + dead * 1000);
      } catch (SQLException failed) {
        connection.close();
        throw failed;
      }
      session = connection;
    }
    return session;
  }

  private static int seconds(Duration duration) {
    return (int) Math.max(1, duration.toSeconds());
  }
}
