package org.contactability.scheduler.domain;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

import org.contactability.contracts.common.AppointmentType;

/**
 * A hospital as configured: how messages name it, the phone patients may call, its time zone,
 * and which policy applies (the first matching rule, else {@code defaultPolicy}).
 */
public record Hospital(String code, String name, String phone, ZoneId zone, String defaultPolicy,
    List<PolicyRule> rules) {

  public Hospital {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  public String policyFor(String siteId, String siteName, String specialty, AppointmentType type) {
    return rules.stream().filter(rule -> rule.matches(siteId, siteName, specialty, type)).map(PolicyRule::policy)
        .findFirst().orElse(defaultPolicy);
  }
}
