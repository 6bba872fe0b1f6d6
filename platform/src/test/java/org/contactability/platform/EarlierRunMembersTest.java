package org.contactability.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.contactability.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that a killed run left in its group (it never said goodbye) no longer holds up the group's next
 * members after a restart of the broker: the platform removes it before its services start, instead of the
 * broker waiting 45 s for its session to time out.
 */
class EarlierRunMembersTest {

  @Test
  void after_a_restart_a_member_that_never_left_is_removed_and_the_next_member_is_assigned_at_once(
      @TempDir Path directory) throws Exception {
    String topic = "earlier-run";
    String group = "earlier-run-" + UUID.randomUUID();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(directory).start();
        Admin admin = admin(broker)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      try (KafkaConsumer<String, String> killed = consumer(broker, group)) {
        killed.subscribe(List.of(topic));
        awaitAssignment(killed, Duration.ofSeconds(60));
        // What a kill -9 leaves: the member stays registered at the broker.
        killed.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
      }
    }

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(directory).start();
        Admin admin = admin(broker)) {
      assertThat(EarlierRunMembers.remove(admin)).as("members removed right after the restart").isEqualTo(1);

      assertThat(admin.describeConsumerGroups(List.of(group)).all().get().get(group).members()).isEmpty();
      try (KafkaConsumer<String, String> next = consumer(broker, group)) {
        next.subscribe(List.of(topic));
        long began = System.nanoTime();
        awaitAssignment(next, Duration.ofSeconds(40));
        assertThat(Duration.ofNanos(System.nanoTime() - began))
            .as("assigned well before the earlier member's 45 s session would have timed out")
            .isLessThan(Duration.ofSeconds(40));
      }
    }
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static KafkaConsumer<String, String> consumer(EmbeddedKafkaBroker broker, String group) {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000),
        new StringDeserializer(), new StringDeserializer());
  }

  private static void awaitAssignment(KafkaConsumer<String, String> consumer, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (consumer.assignment().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no partition assigned within " + patience);
      }
      consumer.poll(Duration.ofMillis(200));
    }
  }
}
