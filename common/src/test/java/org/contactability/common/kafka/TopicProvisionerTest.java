package org.contactability.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.junit.jupiter.api.Test;

class TopicProvisionerTest {

  final TopicNaming naming = new TopicNaming(SharedKafka.topicPrefix(TopicProvisionerTest.class));
  final TopicProvisioner provisioner = new TopicProvisioner(SharedKafka.admin(), naming, (short) 1);

  @Test
  void creates_every_catalogue_topic_with_its_partitions_and_retention_and_then_nothing_more() throws Exception {
    List<String> created = provisioner.provision(Topics.allWithDeadLetters());

    assertThat(created).hasSize(Topics.allWithDeadLetters().size());
    Map<String, TopicDescription> described = SharedKafka.admin()
        .describeTopics(List.of(naming.name(Topics.APPOINTMENTS), naming.deadLetterName(Topics.CONTACT_STATUS)))
        .allTopicNames().get(30, TimeUnit.SECONDS);
    assertThat(described.get(naming.name(Topics.APPOINTMENTS)).partitions()).hasSize(Topics.APPOINTMENTS.partitions());
    assertThat(described.get(naming.deadLetterName(Topics.CONTACT_STATUS)).partitions()).hasSize(3);

    // Each topic's retention and clean-up policy as the catalogue sets them, read back from the broker.
    for (var topic : Topics.allWithDeadLetters()) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, naming.name(topic));
      Config config = SharedKafka.admin().describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
          .get(resource);
      assertThat(config.get("cleanup.policy").value()).as(topic.name()).isEqualTo(topic.compacted() ? "compact" : "delete");
      assertThat(config.get("retention.ms").value()).as(topic.name())
          .isEqualTo(topic.retention() == null ? "-1" : Long.toString(topic.retention().toMillis()));
    }

    assertThat(provisioner.provision(Topics.allWithDeadLetters())).as("second run").isEmpty();
  }

  @Test
  void a_partition_cap_lowers_the_counts_of_new_topics_only() throws Exception {
    TopicNaming capped = new TopicNaming(SharedKafka.topicPrefix(TopicProvisionerTest.class) + "capped-");
    String existing = capped.name(Topics.CONTACT_REQUESTS);
    SharedKafka.admin().createTopics(List.of(new NewTopic(existing, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);

    List<String> created = new TopicProvisioner(SharedKafka.admin(), capped, (short) 1, 2)
        .provision(List.of(Topics.APPOINTMENTS, Topics.PRIVACY_KEYS, Topics.CONTACT_REQUESTS));

    assertThat(created).containsExactlyInAnyOrder(capped.name(Topics.APPOINTMENTS), capped.name(Topics.PRIVACY_KEYS));
    Map<String, TopicDescription> described = SharedKafka.admin()
        .describeTopics(List.of(capped.name(Topics.APPOINTMENTS), capped.name(Topics.PRIVACY_KEYS), existing))
        .allTopicNames().get(30, TimeUnit.SECONDS);
    assertThat(described.get(capped.name(Topics.APPOINTMENTS)).partitions()).as("6 in the catalogue").hasSize(2);
    assertThat(described.get(capped.name(Topics.PRIVACY_KEYS)).partitions()).as("1 in the catalogue").hasSize(1);
    assertThat(described.get(existing).partitions()).as("made before, with 6").hasSize(6);
  }

  @Test
  void brings_an_existing_topic_to_the_catalogue_retention() throws Exception {
    TopicNaming older = new TopicNaming(SharedKafka.topicPrefix(TopicProvisionerTest.class) + "older-");
    String name = older.name(Topics.CONTACT_REQUESTS);
    SharedKafka.admin().createTopics(List.of(new NewTopic(name, 1, (short) 1)
        .configs(Map.of("retention.ms", "1000")))).all().get(30, TimeUnit.SECONDS);

    assertThat(new TopicProvisioner(SharedKafka.admin(), older, (short) 1).provision(List.of(Topics.CONTACT_REQUESTS)))
        .isEmpty();

    // The broker applies an altered config from the metadata log a moment after the call returns.
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(SharedKafka.admin()
        .describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource).get("retention.ms").value())
        .isEqualTo(Long.toString(Topics.CONTACT_REQUESTS.retention().toMillis())));
  }
}
