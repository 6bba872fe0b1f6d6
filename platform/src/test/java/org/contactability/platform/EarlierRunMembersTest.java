package org.contactability.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.contactability.testkit.SharedKafka;
import org.junit.jupiter.api.Test;

/**
 * A member that a killed run left in its group (it never said goodbye) no longer holds up the group's next
 * members: the platform removes it before its services start, instead of the broker waiting 45 s for its
 * session to time out.
 */
class EarlierRunMembersTest {

  @Test
  void a_member_that_never_left_is_removed_and_the_next_member_is_assigned_at_once() throws Exception {
    String topic = SharedKafka.topicPrefix(EarlierRunMembersTest.class) + "earlier-run";
    SharedKafka.createTopic(topic, 1);
    String group = "earlier-run-" + UUID.randomUUID();
    try (KafkaConsumer<String, String> killed = consumer(group)) {
      killed.subscribe(List.of(topic));
      awaitAssignment(killed, Duration.ofSeconds(60));
      // What a kill -9 leaves: the member stays registered at the broker.
      killed.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
    }
    assertThat(members(group)).isEqualTo(1);

    assertThat(EarlierRunMembers.remove(SharedKafka.admin())).isGreaterThanOrEqualTo(1);

    assertThat(members(group)).isZero();
    try (KafkaConsumer<String, String> next = consumer(group)) {
      next.subscribe(List.of(topic));
      long began = System.nanoTime();
      awaitAssignment(next, Duration.ofSeconds(40));
      assertThat(Duration.ofNanos(System.nanoTime() - began))
          .as("assigned well before the earlier member's 45 s session would have timed out")
          .isLessThan(Duration.ofSeconds(40));
    }
  }

  private static KafkaConsumer<String, String> consumer(String group) {
    Map<String, Object> settings = new HashMap<>(SharedKafka.clientProperties());
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 45_000);
    return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
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

  private static int members(String group) throws Exception {
    return SharedKafka.admin().describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
  }
}
