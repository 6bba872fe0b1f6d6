package org.contactability.hisconnector.adapters.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

/** Asks PostgreSQL whether the connector's replication slot exists and a WAL sender streams from it. */
public final class ReplicationSlotProbe {

  /** What the database says about the slot. */
  public record SlotStatus(boolean exists, boolean active, String restartLsn, String confirmedFlushLsn) {
  }

  private final DataSource dataSource;
  private final String slotName;
  private final Duration timeout;

  public ReplicationSlotProbe(DataSource dataSource, String slotName, Duration timeout) {
    this.dataSource = dataSource;
    this.slotName = slotName;
    this.timeout = timeout;
  }

  public String slotName() {
    return slotName;
  }

  /** @throws SQLException when the database cannot be reached or answered with an error */
  public SlotStatus check() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT active, restart_lsn::text, confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
      query.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
      query.setString(1, slotName);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return new SlotStatus(false, false, null, null);
        }
        return new SlotStatus(true, row.getBoolean(1), row.getString(2), row.getString(3));
      }
    }
  }
}
