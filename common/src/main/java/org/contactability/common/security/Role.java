package org.contactability.common.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what on the platform's web endpoints. Each role includes the ones below it: an operator
 * can do what a viewer can, an administrator what an operator can.
 *
 * <ul>
 *   <li>{@link #VIEWER}: funnel, lag, masked timelines, dead letters without payloads, metrics.</li>
 *   <li>{@link #OPERATOR}: clear patient data on demand, dead-letter replay, campaigns, the patient-phone
 *       page and the sandbox, erasure.</li>
 *   <li>{@link #ADMINISTRATOR}: the embedded platform's clock, configuration, fault injection.</li>
 * </ul>
 */
public enum Role {
  VIEWER, OPERATOR, ADMINISTRATOR;

  /** As the identity provider names it in the role claim: {@code viewer}, {@code operator}, {@code administrator}. */
  public String claimValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Spring Security's authority for {@code hasRole}. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** This role and every role below it. */
  public Set<Role> withIncluded() {
    return EnumSet.range(VIEWER, this);
  }

  /** The role a claim value names, in any case; empty for values the platform does not know. */
  public static Optional<Role> fromClaim(String value) {
    for (Role role : values()) {
      if (role.claimValue().equalsIgnoreCase(value.strip())) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
