package org.contactability.scheduler.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured hospitals and policies. Checked when built: every policy a hospital or rule
 * names must exist, so that a typo fails at start-up, not at the first booking.
 */
public final class PolicyCatalog {

  private final Map<String, Hospital> hospitals = new LinkedHashMap<>();
  private final Map<String, ContactPolicy> policies = new LinkedHashMap<>();

  public PolicyCatalog(List<Hospital> hospitals, List<ContactPolicy> policies) {
    for (ContactPolicy policy : policies) {
      if (this.policies.put(policy.id(), policy) != null) {
        throw new IllegalArgumentException("two policies with id '" + policy.id() + "'");
      }
    }
    for (Hospital hospital : hospitals) {
      if (this.hospitals.put(hospital.code(), hospital) != null) {
        throw new IllegalArgumentException("two hospitals with code '" + hospital.code() + "'");
      }
      requirePolicy(hospital, hospital.defaultPolicy());
      hospital.rules().forEach(rule -> requirePolicy(hospital, rule.policy()));
    }
  }

  private void requirePolicy(Hospital hospital, String policyId) {
    if (!policies.containsKey(policyId)) {
      throw new IllegalArgumentException("hospital '" + hospital.code() + "' names policy '" + policyId
          + "', which is not configured (known: " + policies.keySet() + ")");
    }
  }

  public Optional<Hospital> hospital(String code) {
    return Optional.ofNullable(hospitals.get(code));
  }

  public Optional<ContactPolicy> policy(String id) {
    return Optional.ofNullable(id == null ? null : policies.get(id));
  }

  public List<Hospital> hospitals() {
    return List.copyOf(hospitals.values());
  }

  public List<ContactPolicy> policies() {
    return List.copyOf(policies.values());
  }
}
