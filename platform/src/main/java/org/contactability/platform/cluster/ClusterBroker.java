package org.contactability.platform.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import kafka.server.KafkaConfig;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * {@code java -cp <platform> org.contactability.platform.cluster.ClusterBroker <server.properties> <cluster id>}: one
 * node of the local cluster's Kafka, in a JVM of its own. Formats the node's log directory on its first start (what
 * the Kafka image does with {@code CLUSTER_ID}), then runs Kafka's own {@code kafka.Kafka} main on the file.
 */
public final class ClusterBroker {

  private ClusterBroker() {
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    }
    KafkaConfig config = KafkaConfig.fromProps(properties, false);
    Path logs = Path.of(config.metadataLogDir());
    if (!Files.exists(logs.resolve("meta.properties"))) {
      Files.createDirectories(logs);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(config.nodeId())
          .setClusterId(args[1])
          .setControllerListenerName(config.controllerListenerNames().get(0))
          .setMetadataLogDirectory(config.metadataLogDir())
          .setDirectories(List.of(config.metadataLogDir()))
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    }
    kafka.Kafka.main(new String[] {file.toString()});
  }

  /**
   * The settings of broker {@code node}: compose's broker ({@code KAFKA_*} of its environment, named as the Kafka
   * image names them), the replication the manifests' Strimzi Kafka sets (three replicas, two in sync), then this
   * node's own listeners, quorum and log directory, and sizes for a development machine.
   */
  static Map<String, String> settings(Descriptors descriptors, ClusterLayout layout, int node) {
    Map<String, String> settings = new TreeMap<>();
    descriptors.composeEnvironment("kafka").forEach((name, value) -> {
      if (name.startsWith("KAFKA_")) {
        settings.put(name.substring("KAFKA_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
      }
    });
    settings.putAll(descriptors.strimziBrokerConfig());
    StringBuilder voters = new StringBuilder();
    for (int n = 1; n <= ClusterLayout.BROKERS; n++) {
      voters.append(n == 1 ? "" : ",").append(n).append("@127.0.0.1:").append(layout.controllerPort(n));
    }
    settings.put("node.id", Integer.toString(node));
    settings.put("controller.quorum.voters", voters.toString());
    settings.put("listeners", "INTERNAL://127.0.0.1:" + layout.brokerPort(node) + ",CONTROLLER://127.0.0.1:"
        + layout.controllerPort(node));
    settings.put("advertised.listeners", "INTERNAL://localhost:" + layout.brokerPort(node));
    settings.put("log.dirs", layout.data().resolve("kafka-" + node).toAbsolutePath().toString());
    // Three brokers and a dozen services share two cores: Kafka's thread counts are for a server of its own.
    settings.put("num.network.threads", "2");
    settings.put("num.io.threads", "2");
    settings.put("background.threads", "2");
    settings.put("num.recovery.threads.per.data.dir", "2");
    settings.put("log.cleaner.threads", "1");
    settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    settings.put("offsets.topic.num.partitions", "6");
    settings.put("transaction.state.log.num.partitions", "6");
    // The services' clock can be moved days ahead (OffsetFileClock); records stamped with it must still be accepted.
    settings.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
    return settings;
  }

  static void write(Map<String, String> settings, Path file) throws IOException {
    Properties properties = new Properties();
    properties.putAll(settings);
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "Written by bin/cluster at every start (ClusterBroker.settings); edits are overwritten");
    }
  }
}
