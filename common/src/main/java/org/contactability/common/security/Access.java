package org.contactability.common.security;

import java.util.Objects;

import org.springframework.http.HttpMethod;

/**
 * Who may call one endpoint: a method (null for any) and a path pattern (Spring's
 * {@code PathPattern}), open to anybody ({@code role} null) or to users with {@code role} or a role
 * above it. Every endpoint a service serves is listed in its {@link AccessRules}; the rest is denied.
 */
public record Access(HttpMethod method, String pattern, Role role) {

  public Access {
    Objects.requireNonNull(pattern, "pattern");
  }

  /** Open to anybody: a webhook authenticated by its signature, a patient's page, a probe. */
  public static Access open(HttpMethod method, String pattern) {
    return new Access(method, pattern, null);
  }

  public static Access of(Role role, HttpMethod method, String pattern) {
    return new Access(method, pattern, Objects.requireNonNull(role, "role"));
  }

  public boolean isOpen() {
    return role == null;
  }
}
