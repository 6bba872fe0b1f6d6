package org.contactability.common.audit;

import java.time.Instant;
import java.util.Objects;

import org.contactability.common.security.Role;
import org.contactability.contracts.ops.AuditKind;
import org.contactability.contracts.ops.AuditOutcome;

/**
 * One entry of the audit trail, as the contract {@code AuditEvent} describes each field: ids only, never patient data.
 *
 * @param subject       who (a token's subject); null when the caller did not authenticate
 * @param role          the highest platform role the caller held; null without one
 * @param method        the HTTP method; null for an event that is no request
 * @param path          the endpoint's path template, never the path as sent
 * @param reason        why, as an operator typed it; null when not asked
 * @param detail        what happened, without patient data
 * @param remoteAddress the caller's address as the server saw it
 * @param status        the HTTP status of the answer; 0 for an event that is no request
 */
public record AuditRecord(String eventId, Instant occurredAt, String service, String subject, Role role,
    AuditKind kind, String method, String path, String patientId, String appointmentId, String reason, String detail,
    String remoteAddress, int status, AuditOutcome outcome) {

  public AuditRecord {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** Whether an answer with this status means the caller was refused for want of a login or a role. */
  public static AuditOutcome outcomeOf(int status) {
    return status == 401 || status == 403 ? AuditOutcome.DENIED : AuditOutcome.ALLOWED;
  }
}
