package org.contactability.schemas.topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A topic that a service keeps for itself rather than a contract between services: its records
 * are not Avro (e.g. Kafka Connect's JSON offsets), nobody else reads them, and they have no
 * dead-letter topic. Declared in the catalogue all the same, so that names get the deployment
 * prefix and provisioning creates them with the right settings.
 *
 * @param name        base name, without any deployment prefix
 * @param partitions  partition count to create the topic with
 * @param compacted   whether the broker keeps only the newest record per key (then kept forever)
 * @param owner       the service that writes and reads it
 * @param description what it holds
 */
public record InternalTopic(String name, int partitions, boolean compacted, String owner, String description) {

  public InternalTopic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1 for " + name);
    }
    if (!compacted) {
      throw new IllegalArgumentException("internal topics hold state and must be compacted: " + name);
    }
  }

  /** Broker-side topic configuration to create the topic with. */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", "compact");
    configs.put("retention.ms", "-1");
    return configs;
  }
}
