package org.contactability.console.domain;

import java.time.Instant;

/**
 * One event of the audit trail as the console lists it: who, in which role, did what (kind, method and path template) to
 * which patient or appointment (ids only), when, from where, and whether it was let through (contract
 * {@code AuditEvent}).
 */
public record AuditEntry(String eventId, Instant at, String service, String subject, String role, String kind,
    String method, String path, String patientId, String appointmentId, String reason, String detail,
    String remoteAddress, int status, String outcome) {
}
