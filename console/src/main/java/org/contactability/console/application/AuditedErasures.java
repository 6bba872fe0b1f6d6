package org.contactability.console.application;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import org.contactability.common.audit.AuditRecord;
import org.contactability.common.audit.AuditTrail;
import org.contactability.contracts.ops.AuditKind;
import org.contactability.contracts.ops.AuditOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what an erasure did (how many data keys it destroyed) on the audit trail, as an {@code ERASURE} event beside
 * the request's own event; waits until it is written, since the erasure cannot be undone.
 */
public final class AuditedErasures implements ConsolePrivacy.ErasureAudit {

  private static final Logger log = LoggerFactory.getLogger(AuditedErasures.class);

  private final AuditTrail trail;
  private final Clock clock;
  private final String service;

  public AuditedErasures(AuditTrail trail, Clock clock, String service) {
    this.trail = trail;
    this.clock = clock;
    this.service = service;
  }

  @Override
  public void erased(String patientId, String operator, int keysDestroyed) {
    AuditRecord event = new AuditRecord(UUID.randomUUID().toString(), clock.instant(), service, operator, null,
        AuditKind.ERASURE, null, null, patientId, null, null, keysDestroyed + " data key(s) destroyed", null, 0,
        AuditOutcome.ALLOWED);
    try {
      trail.record(event).join();
    } catch (CompletionException e) {
      log.error("The erasure of patient {} by {} is done but its audit event could not be written: {}", patientId,
          operator, e.getCause().toString());
    }
  }
}
