package org.contactability.platform;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer-group members a platform run left at the broker. Every client of the embedded broker
 * lives in the platform's JVM, so a member the broker knows before the services start belongs to an
 * earlier run: after a {@code kill -9} it never left its group, and the broker would keep it (and
 * make every new member of the group wait for it) until its session timed out, 45 s later. They are
 * removed before the services start, so the services join their groups at once.
 */
final class EarlierRunMembers {

  private static final Logger log = LoggerFactory.getLogger(EarlierRunMembers.class);
  private static final long PATIENCE_SECONDS = 60;

  private EarlierRunMembers() {
  }

  /** Removes every member of every consumer group; the number removed. */
  static int remove(Admin admin) {
    try {
      if (!awaitGroupsLoaded(admin)) {
        log.info("No consumer group at the broker yet: nothing left by an earlier run");
        return 0;
      }
      List<String> groups = admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
          .get(PATIENCE_SECONDS, TimeUnit.SECONDS).stream().map(GroupListing::groupId).toList();
      Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all()
          .get(PATIENCE_SECONDS, TimeUnit.SECONDS);
      int removed = 0;
      for (ConsumerGroupDescription group : described.values()) {
        if (group.members().isEmpty()) {
          continue;
        }
        RemoveMembersFromConsumerGroupOptions everyMember = new RemoveMembersFromConsumerGroupOptions();
        everyMember.reason("left by an earlier run of the embedded platform");
        admin.removeMembersFromConsumerGroup(group.groupId(), everyMember).all().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        removed += group.members().size();
      }
      log.info("Removed {} consumer-group members an earlier run left at the broker, of {} groups", removed,
          groups.size());
      return removed;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not remove the consumer-group members of an earlier run: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while removing the consumer-group members of an earlier run", e);
    }
  }

  /**
   * Waits until the group coordinator has loaded every partition of the offsets topic: right after a
   * restart it loads them in the background, and lists none of the groups of a partition still loading. A
   * description of a group waits for its partition to load, so one made-up group per partition waits for
   * all of them. False when the offsets topic does not exist yet (no group ever committed anything).
   */
  private static boolean awaitGroupsLoaded(Admin admin) throws InterruptedException, ExecutionException,
      TimeoutException {
    int partitions;
    try {
      partitions = admin.describeTopics(List.of(Topic.GROUP_METADATA_TOPIC_NAME)).allTopicNames()
          .get(PATIENCE_SECONDS, TimeUnit.SECONDS).get(Topic.GROUP_METADATA_TOPIC_NAME).partitions().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
    Map<Integer, String> probes = new TreeMap<>();
    for (int i = 0; probes.size() < partitions; i++) {
      String probe = "contactability-load-probe-" + i;
      probes.putIfAbsent(Utils.abs(probe.hashCode()) % partitions, probe);
    }
    for (KafkaFuture<ConsumerGroupDescription> description : admin.describeConsumerGroups(probes.values())
        .describedGroups().values()) {
      try {
        description.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof GroupIdNotFoundException)) {
          throw e;
        }
      }
    }
    return true;
  }
}
