package org.contactability.scheduler.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.contactability.contracts.common.AppointmentType;

/**
 * Picks a policy inside a hospital: matches when every non-empty criterion matches. Sites are
 * named by HIS id or by name; specialties by name (case and accents as the HIS writes them,
 * compared case-insensitively).
 */
public record PolicyRule(Set<String> sites, Set<String> specialties, Set<AppointmentType> types, String policy) {

  public PolicyRule {
    sites = sites == null ? Set.of() : sites.stream().map(PolicyRule::norm).collect(Collectors.toUnmodifiableSet());
    specialties = specialties == null ? Set.of()
        : specialties.stream().map(PolicyRule::norm).collect(Collectors.toUnmodifiableSet());
    types = types == null ? Set.of() : Set.copyOf(types);
    Objects.requireNonNull(policy, "policy");
  }

  public boolean matches(String siteId, String siteName, String specialty, AppointmentType type) {
    return (sites.isEmpty() || sites.contains(norm(siteId)) || sites.contains(norm(siteName)))
        && (specialties.isEmpty() || specialties.contains(norm(specialty)))
        && (types.isEmpty() || types.contains(type));
  }

  private static String norm(String text) {
    return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
  }
}
