package org.contactability.common.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.contactability.schemas.topics.InternalTopic;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the catalogue's topics that do not exist yet, with their partitions, retention and
 * compaction. Of an existing topic only the retention is brought to the catalogue's (partitions would
 * reshuffle keys, a change of compaction would change what the topic means); in production, topics
 * come from the generated Strimzi KafkaTopic resources instead.
 */
public final class TopicProvisioner {

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

  private final Admin admin;
  private final TopicNaming naming;
  private final short replicationFactor;
  private final int maxPartitions;

  /** Topics with the catalogue's partition counts. */
  public TopicProvisioner(Admin admin, TopicNaming naming, short replicationFactor) {
    this(admin, naming, replicationFactor, Integer.MAX_VALUE);
  }

  /**
   * Topics with at most {@code maxPartitions} partitions each (the catalogue's count when it is lower): for a
   * single broker, whose few consumers gain nothing from the catalogue's counts and whose restart recovers every
   * partition. Only a topic made here gets it; one that exists keeps its partitions.
   */
  public TopicProvisioner(Admin admin, TopicNaming naming, short replicationFactor, int maxPartitions) {
    if (maxPartitions < 1) {
      throw new IllegalArgumentException("a topic has at least one partition, not " + maxPartitions);
    }
    this.admin = admin;
    this.naming = naming;
    this.replicationFactor = replicationFactor;
    this.maxPartitions = maxPartitions;
  }

  /** The broker-side definition of a catalogue topic. */
  public static NewTopic newTopic(TopicSpec<?> topic, TopicNaming naming, short replicationFactor) {
    return new NewTopic(naming.name(topic), topic.partitions(), replicationFactor).configs(topic.configs());
  }

  /** The broker-side definition of an internal topic (one that a service keeps for itself). */
  public static NewTopic newTopic(InternalTopic topic, TopicNaming naming, short replicationFactor) {
    return new NewTopic(naming.name(topic), topic.partitions(), replicationFactor).configs(topic.configs());
  }

  /** Creates every topic of the catalogue that is missing (contracts, dead letters, internal topics). */
  public List<String> provisionCatalogue() {
    List<NewTopic> all = new ArrayList<>();
    Topics.allWithDeadLetters().forEach(topic -> all.add(capped(newTopic(topic, naming, replicationFactor))));
    Topics.internal().forEach(topic -> all.add(capped(newTopic(topic, naming, replicationFactor))));
    return provisionMissing(all);
  }

  /** Creates what is missing of {@code topics} and returns the names it created. */
  public List<String> provision(Collection<TopicSpec<?>> topics) {
    return provisionMissing(topics.stream().map(t -> capped(newTopic(t, naming, replicationFactor))).toList());
  }

  private NewTopic capped(NewTopic topic) {
    if (topic.numPartitions() <= maxPartitions) {
      return topic;
    }
    return new NewTopic(topic.name(), maxPartitions, topic.replicationFactor()).configs(topic.configs());
  }

  private List<String> provisionMissing(List<NewTopic> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      List<String> created = new ArrayList<>();
      for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result
          : admin.createTopics(missing).values().entrySet()) {
        try {
          result.getValue().get(30, TimeUnit.SECONDS);
          created.add(result.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Could not create topic " + result.getKey() + ": " + e.getCause(), e);
          }
        }
      }
      if (!created.isEmpty()) {
        awaitLeaders(missing.stream().filter(t -> created.contains(t.name())).toList());
        log.info("Created {} topics: {}", created.size(), created);
      }
      applyRetention(topics.stream().filter(t -> existing.contains(t.name())).toList());
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while provisioning topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not list or create topics on the broker: " + e, e);
    }
  }

  /**
   * The catalogue's retention on topics made before it changed. An account that may create topics but
   * not alter them (a secured cluster's) leaves them as they are, with a warning: the service still starts.
   */
  private void applyRetention(List<NewTopic> topics) throws InterruptedException, TimeoutException {
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    for (NewTopic topic : topics) {
      String retention = topic.configs() == null ? null : topic.configs().get(TopicConfig.RETENTION_MS_CONFIG);
      if (retention != null) {
        changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), List.of(new AlterConfigOp(
            new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retention), AlterConfigOp.OpType.SET)));
      }
    }
    if (changes.isEmpty()) {
      return;
    }
    try {
      admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      log.warn("Could not set the catalogue's retention on {} existing topics: {}", changes.size(), e.getCause().toString());
    }
  }

  /**
   * Creation returns before each new partition's leader takes writes; a service that writes at once
   * gets leader errors, and an idempotent producer can be left retrying an out-of-order sequence. So
   * provisioning ends when every new partition's leader answers for its end offset.
   */
  private void awaitLeaders(List<NewTopic> topics) throws InterruptedException, TimeoutException, ExecutionException {
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    for (NewTopic topic : topics) {
      for (int partition = 0; partition < topic.numPartitions(); partition++) {
        partitions.put(new TopicPartition(topic.name(), partition), OffsetSpec.latest());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof InvalidMetadataException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50); // not there yet: unknown topic, or a leader still taking over
      }
    }
  }
}
