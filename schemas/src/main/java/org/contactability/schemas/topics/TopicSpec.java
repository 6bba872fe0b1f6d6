package org.contactability.schemas.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.contactability.contracts.ops.DeadLetter;

/**
 * One topic of the platform: its base name, the Avro contract of its values, how its keys are
 * chosen, and how the broker must keep it. Keys are always strings (the id of the entity whose
 * events must stay in order).
 *
 * @param name        base name, without any deployment prefix (see {@link TopicNaming})
 * @param valueType   generated Avro class of the values
 * @param key         what the key is, in words (documentation and the console)
 * @param partitions  partition count to create the topic with
 * @param retention   how long records are kept; {@code null} means forever (compacted topics)
 * @param compacted   whether the broker keeps only the newest record per key
 * @param deadLettered whether consumers of this topic park poison records on {@code <name>.dlq}
 * @param description what the topic carries, for the catalogue in docs and the console
 * @param settings    further broker-side settings of this topic (e.g. how soon compaction must run)
 */
public record TopicSpec<V extends SpecificRecord>(
    String name,
    Class<V> valueType,
    String key,
    int partitions,
    Duration retention,
    boolean compacted,
    boolean deadLettered,
    String description,
    Map<String, String> settings) {

  /** Dead-letter topics keep records long enough for a person to look at them after a holiday. */
  static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueType, "valueType");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1 for " + name);
    }
    if (!compacted && retention == null) {
      throw new IllegalArgumentException("a deleting topic needs a retention: " + name);
    }
    settings = Map.copyOf(settings);
  }

  public TopicSpec(String name, Class<V> valueType, String key, int partitions, Duration retention, boolean compacted,
      boolean deadLettered, String description) {
    this(name, valueType, key, partitions, retention, compacted, deadLettered, description, Map.of());
  }

  /** The dead-letter topic of this topic, when its consumers use one. */
  public Optional<TopicSpec<DeadLetter>> deadLetter() {
    if (!deadLettered) {
      return Optional.empty();
    }
    return Optional.of(new TopicSpec<>(name + ".dlq", DeadLetter.class, "key of the failed record",
        Math.min(partitions, 3), DEAD_LETTER_RETENTION, false, false,
        "Records of " + name + " that a consumer could not process, with the reason."));
  }

  /** Broker-side topic configuration to create the topic with. */
  public Map<String, String> configs() {
    Map<String, String> configs = new LinkedHashMap<>();
    configs.put("cleanup.policy", compacted ? "compact" : "delete");
    configs.put("retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()));
    // sorted: Map.copyOf iterates in an order that changes from one JVM to the next, and the manifests are compared as text
    configs.putAll(new java.util.TreeMap<>(settings));
    return configs;
  }

  /** Subject of the value schema under Confluent's TopicNameStrategy, for a resolved topic name. */
  public static String valueSubject(String resolvedTopicName) {
    return resolvedTopicName + "-value";
  }
}
