package org.contactability.hisconnector.adapters.health;

import java.sql.SQLException;
import java.util.Locale;

import org.contactability.hisconnector.adapters.debezium.CaptureEngine;
import org.contactability.hisconnector.adapters.leadership.CaptureLeadership;
import org.contactability.hisconnector.domain.leadership.Leadership;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the capture engine streams and, on PostgreSQL, its replication slot is active: a WAL
 * sender is serving it. DOWN when the database cannot be reached, the slot is missing or idle, or
 * the engine is restarting after an error (the last error is shown, without patient data). With a
 * hot standby, {@code role} says whether this instance captures ({@code active}) or waits for the
 * slot's lock ({@code standby}); a standby is UP while it can reach the database, whatever the slot.
 */
public final class CaptureHealthIndicator implements HealthIndicator {

  private final CaptureEngine engine;
  private final ReplicationSlotProbe slot;
  private final CaptureLeadership leadership;

  /**
   * @param slot       null for connectors without replication slots
   * @param leadership null when this instance captures alone
   */
  public CaptureHealthIndicator(CaptureEngine engine, ReplicationSlotProbe slot, CaptureLeadership leadership) {
    this.engine = engine;
    this.slot = slot;
    this.leadership = leadership;
  }

  @Override
  public Health health() {
    CaptureEngine.State state = engine.state();
    boolean standby = leadership != null && leadership.role() == Leadership.Role.STANDBY;
    Health.Builder health = standby || state == CaptureEngine.State.STREAMING ? Health.up() : Health.down();
    if (leadership != null) {
      health.withDetail("role", leadership.role().name().toLowerCase(Locale.ROOT))
          .withDetail("instance", leadership.instance())
          .withDetail("roleSince", leadership.since().toString())
          .withDetail("roleReason", leadership.reason());
    }
    health.withDetail("engine", state.name()).withDetail("restarts", engine.restarts());
    if (engine.lastFailure() != null) {
      health.withDetail("lastFailure", engine.lastFailure());
    }
    if (slot != null) {
      health.withDetail("slot", slot.slotName());
      try {
        ReplicationSlotProbe.SlotStatus status = slot.check();
        health.withDetail("slotExists", status.exists()).withDetail("slotActive", status.active());
        if (status.confirmedFlushLsn() != null) {
          health.withDetail("confirmedFlushLsn", status.confirmedFlushLsn());
        }
        if (!status.active() && !standby) {
          health.down();
        }
      } catch (SQLException unreachable) {
        health.down().withDetail("database", "unreachable (SQL state " + unreachable.getSQLState() + ")");
      } catch (RuntimeException unreachable) {
        health.down().withDetail("database", "unreachable (" + unreachable.getClass().getSimpleName() + ")");
      }
    }
    return health.build();
  }
}
