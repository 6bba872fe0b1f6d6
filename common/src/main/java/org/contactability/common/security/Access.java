package org.contactability.common.security;

import java.util.Objects;

import org.springframework.http.HttpMethod;

/**
 * Who may call one endpoint: a method (null for any) and a path pattern (Spring's
 * {@code PathPattern}), open to anybody ({@code role} null) or to users with {@code role} or a role
 * above it. Every endpoint a service serves is listed in its {@link AccessRules}; the rest is denied.
 *
 * <p>{@code reveals} says what a call shows that the audit trail must record even when it changes nothing
 * ({@link AuditedRequests}): a patient's clear data, or the audit trail itself. Path variables named
 * {@code patientId} and {@code appointmentId} are recorded with each call.
 */
public record Access(HttpMethod method, String pattern, Role role, Reveals reveals) {

  /** What a call shows that must be audited whatever its method. */
  public enum Reveals {
    NOTHING_AUDITED, PATIENT_DATA, AUDIT_TRAIL
  }

  public Access {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(reveals, "reveals");
  }

  /** Open to anybody: a webhook authenticated by its signature, a patient's page, a probe. */
  public static Access open(HttpMethod method, String pattern) {
    return new Access(method, pattern, null, Reveals.NOTHING_AUDITED);
  }

  public static Access of(Role role, HttpMethod method, String pattern) {
    return new Access(method, pattern, Objects.requireNonNull(role, "role"), Reveals.NOTHING_AUDITED);
  }

  /** The same rule, for an endpoint that shows {@code what}: every call is audited. */
  public Access revealing(Reveals what) {
    if (isOpen()) {
      throw new IllegalArgumentException("an open endpoint cannot show what only a login may see: " + pattern);
    }
    return new Access(method, pattern, role, what);
  }

  public boolean isOpen() {
    return role == null;
  }
}
