package org.contactability.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;

import org.contactability.contracts.ops.DeadLetter;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void names_are_unique_and_follow_area_entity_kind() {
    List<String> names = Topics.allWithDeadLetters().stream().map(TopicSpec::name).toList();

    assertThat(new HashSet<>(names)).hasSameSizeAs(names);
    assertThat(names).allMatch(n -> n.matches("[a-z]+(\\.[a-z]+)*"), "lower-case words separated by dots");
  }

  @Test
  void every_consumed_topic_has_a_dead_letter_topic_carrying_dead_letters() {
    for (TopicSpec<?> topic : Topics.all()) {
      if (topic == Topics.PRIVACY_KEYS || topic == Topics.AUDIT_EVENTS) {
        // every service reads the keys whole, and an audit record may never be moved: an unreadable record there is
        // skipped by each reader, none owns it
        assertThat(topic.deadLetter()).isEmpty();
        continue;
      }
      TopicSpec<DeadLetter> dlq = topic.deadLetter().orElseThrow();
      assertThat(dlq.name()).isEqualTo(topic.name() + ".dlq");
      assertThat(dlq.valueType()).isEqualTo(DeadLetter.class);
      assertThat(dlq.deadLetter()).as("no dead letters of dead letters").isEmpty();
    }
    assertThat(Topics.allWithDeadLetters()).hasSize(Topics.all().size() * 2 - 2);
  }

  @Test
  void the_key_log_is_one_compacted_partition_that_the_broker_compacts_within_the_key_compaction_lag() {
    assertThat(Topics.PRIVACY_KEYS.partitions()).isOne();
    assertThat(Topics.PRIVACY_KEYS.configs()).containsEntry("cleanup.policy", "compact")
        .containsEntry("max.compaction.lag.ms", Long.toString(Topics.KEY_COMPACTION_LAG.toMillis()))
        .containsEntry("min.compaction.lag.ms", "0");
  }

  @Test
  void the_audit_trail_is_deleted_only_after_five_years_and_never_compacted() {
    assertThat(Topics.AUDIT_EVENTS.configs()).containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", Long.toString(java.time.Duration.ofDays(1826).toMillis()));
    assertThat(Topics.all()).contains(Topics.AUDIT_EVENTS);
  }

  @Test
  void compacted_topics_keep_records_forever_and_others_have_a_retention() {
    assertThat(Topics.HIS_APPOINTMENTS.configs()).containsEntry("cleanup.policy", "compact").containsEntry("retention.ms", "-1");
    assertThat(Topics.CONTACT_REQUESTS.configs()).containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", Long.toString(14L * 24 * 3600 * 1000));
    assertThatThrownBy(() -> new TopicSpec<>("x", DeadLetter.class, "k", 1, null, false, false, "d"))
        .hasMessageContaining("needs a retention");
  }

  @Test
  void a_prefix_names_every_topic_of_a_deployment_and_finds_its_catalogue_entry() {
    TopicNaming chillan = new TopicNaming("chillan");

    assertThat(chillan.name(Topics.APPOINTMENTS)).isEqualTo("chillan.appointments");
    assertThat(chillan.deadLetterName(Topics.CONTACT_STATUS)).isEqualTo("chillan.contact.status.dlq");
    assertThat(chillan.find("chillan.his.commands")).contains(Topics.HIS_COMMANDS);
    assertThat(chillan.find("his.commands")).isEmpty();
    assertThat(TopicNaming.none().name(Topics.APPOINTMENTS)).isEqualTo("appointments");
    assertThatThrownBy(() -> new TopicNaming("bad prefix!")).hasMessageContaining("may only hold");
  }

  @Test
  void internal_topics_are_compacted_prefixed_and_distinct_from_the_catalogue() {
    List<String> catalogue = Topics.allWithDeadLetters().stream().map(TopicSpec::name).toList();

    assertThat(Topics.internal()).contains(Topics.HIS_CONNECTOR_OFFSETS);
    assertThat(Topics.internal()).allSatisfy(topic -> {
      assertThat(catalogue).doesNotContain(topic.name());
      assertThat(topic.name()).matches("[a-z]+(\\.[a-z]+)*");
      assertThat(topic.configs()).containsEntry("cleanup.policy", "compact");
    });
    assertThat(new TopicNaming("chillan").name(Topics.HIS_CONNECTOR_OFFSETS)).isEqualTo("chillan.his.connector.offsets");
    assertThatThrownBy(() -> new InternalTopic("x", 1, false, "s", "d")).hasMessageContaining("compacted");
  }
}
