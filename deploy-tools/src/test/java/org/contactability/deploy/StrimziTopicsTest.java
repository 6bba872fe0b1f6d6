package org.contactability.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.Test;

class StrimziTopicsTest {

  static final Path MANIFEST = Path.of("../deploy/kubernetes/kafka-topics.yaml");

  @Test
  void the_committed_kafka_topic_resources_are_the_catalogue() throws Exception {
    String generated = StrimziTopics.render("contactability", "contactability", TopicNaming.none(), 3);
    if (Boolean.getBoolean("deploy.regenerate")) {
      Files.writeString(MANIFEST, generated);
    }
    assertThat(Files.readString(MANIFEST))
        .as("deploy/kubernetes/kafka-topics.yaml is out of date with the topic catalogue; regenerate it (see its header)")
        .isEqualTo(generated);
  }

  @Test
  void every_topic_becomes_one_resource_with_its_partitions_and_cleanup_policy() {
    String yaml = StrimziTopics.render("c", "ns", new TopicNaming("chillan"), 3);

    assertThat(yaml.split("kind: KafkaTopic", -1)).hasSize(Topics.allWithDeadLetters().size() + Topics.internal().size() + 1);
    assertThat(yaml).contains("topicName: chillan.his.appointments\n  partitions: 6\n  replicas: 3\n  config:\n"
        + "    cleanup.policy: \"compact\"\n    retention.ms: \"-1\"\n    min.insync.replicas: \"2\"");
    assertThat(yaml).contains("name: chillan.contact.requests.dlq\n");
    assertThat(yaml).contains("topicName: chillan.his.connector.offsets\n  partitions: 1\n");
  }
}
