package org.contactability.console.application;

import java.time.Instant;
import java.util.List;

/**
 * How far behind each consumer group is on the catalogue's topics: committed offsets against end
 * offsets, as last read from the cluster.
 *
 * @param readAt when the numbers were read (null before the first read)
 * @param error  why the last read failed, else null (the previous groups are kept)
 */
public record ConsumerLag(Instant readAt, String error, List<Group> groups) {

  public ConsumerLag {
    groups = List.copyOf(groups);
  }

  public static ConsumerLag notYetRead() {
    return new ConsumerLag(null, null, List.of());
  }

  /**
   * @param group   consumer group id (Kafka Streams: the application id)
   * @param service the service it belongs to, from configuration, else the group id
   * @param state   group state as the broker reports it (STABLE, EMPTY, ...)
   * @param members consumers in the group now
   * @param lag     records not yet consumed, over every partition of the catalogue's topics
   */
  public record Group(String group, String service, String state, int members, long lag, List<TopicLag> topics) {
    public Group {
      topics = List.copyOf(topics);
    }
  }

  /** Lag of a group on one topic (catalogue name), summed over its partitions. */
  public record TopicLag(String topic, long lag, int partitions) {
  }
}
