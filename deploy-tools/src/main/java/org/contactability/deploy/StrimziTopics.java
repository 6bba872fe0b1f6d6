package org.contactability.deploy;

import java.util.Map;

import org.contactability.schemas.topics.InternalTopic;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;

/**
 * Writes the Strimzi {@code KafkaTopic} resources of the topic catalogue, so that a Kubernetes
 * deployment creates exactly the topics the code declares (deploy/kubernetes/kafka-topics.yaml is
 * this class's output; a test keeps the committed file in step with the catalogue). API
 * {@code kafka.strimzi.io/v1}, which Strimzi serves since 0.49 and alone since 1.0 (which removed {@code v1beta2}).
 */
public final class StrimziTopics {

  private StrimziTopics() {
  }

  /** YAML of every catalogue topic for the Strimzi cluster {@code cluster}. */
  public static String render(String cluster, String namespace, TopicNaming naming, int replicas) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Generated from the topic catalogue (org.contactability.schemas.topics.Topics) by\n")
        .append("# org.contactability.deploy.StrimziTopics; do not edit by hand. Regenerate with\n")
        .append("# ./mvnw -pl deploy-tools -am test -Dtest=StrimziTopicsTest -Dsurefire.failIfNoSpecifiedTests=false -Ddeploy.regenerate=true\n");
    for (TopicSpec<?> topic : Topics.allWithDeadLetters()) {
      resource(yaml, naming.name(topic), topic.description(), topic.key(), topic.partitions(), topic.configs(),
          cluster, namespace, replicas);
    }
    for (InternalTopic topic : Topics.internal()) {
      resource(yaml, naming.name(topic), topic.description(), "owned by " + topic.owner(), topic.partitions(),
          topic.configs(), cluster, namespace, replicas);
    }
    return yaml.toString();
  }

  private static void resource(StringBuilder yaml, String name, String description, String key, int partitions,
      Map<String, String> configs, String cluster, String namespace, int replicas) {
    yaml.append("---\n")
        .append("apiVersion: kafka.strimzi.io/v1\n")
        .append("kind: KafkaTopic\n")
        .append("metadata:\n")
        .append("  name: ").append(resourceName(name)).append('\n')
        .append("  namespace: ").append(namespace).append('\n')
        .append("  labels:\n")
        .append("    strimzi.io/cluster: ").append(cluster).append('\n')
        .append("  annotations:\n")
        .append("    contactability/description: ").append(quote(description)).append('\n')
        .append("    contactability/key: ").append(quote(key)).append('\n')
        .append("spec:\n")
        .append("  topicName: ").append(name).append('\n')
        .append("  partitions: ").append(partitions).append('\n')
        .append("  replicas: ").append(replicas).append('\n')
        .append("  config:\n");
    for (Map.Entry<String, String> config : configs.entrySet()) {
      yaml.append("    ").append(config.getKey()).append(": ").append(quote(config.getValue())).append('\n');
    }
    yaml.append("    min.insync.replicas: ").append(quote(Integer.toString(Math.max(1, replicas - 1)))).append('\n');
  }

  /** Kubernetes names allow lower-case letters, digits, '-' and '.'. */
  static String resourceName(String topicName) {
    return topicName.toLowerCase().replace('_', '-');
  }

  private static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
