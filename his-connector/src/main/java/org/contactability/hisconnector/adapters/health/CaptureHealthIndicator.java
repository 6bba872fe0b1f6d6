package org.contactability.hisconnector.adapters.health;

import java.sql.SQLException;

import org.contactability.hisconnector.adapters.debezium.CaptureEngine;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the capture engine streams and, on PostgreSQL, its replication slot is active: a WAL
 * sender is serving it. DOWN when the database cannot be reached, the slot is missing or idle, or
 * the engine is restarting after an error (the last error is shown, without patient data).
 */
public final class CaptureHealthIndicator implements HealthIndicator {

  private final CaptureEngine engine;
  private final ReplicationSlotProbe slot;

  /** @param slot null for connectors without replication slots */
  public CaptureHealthIndicator(CaptureEngine engine, ReplicationSlotProbe slot) {
    this.engine = engine;
    this.slot = slot;
  }

  @Override
  public Health health() {
    CaptureEngine.State state = engine.state();
    Health.Builder health = state == CaptureEngine.State.STREAMING ? Health.up() : Health.down();
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
        if (!status.active()) {
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
