package org.contactability.testkit;

import java.time.Duration;

import org.testcontainers.kafka.KafkaContainer;

/** The shared broker as an {@code apache/kafka} container, for machines with a Docker engine. */
final class ContainerKafka implements KafkaBackend {

  /** The same Kafka version as the clients and the embedded broker. */
  static final String IMAGE = "apache/kafka:4.2.2";

  private final KafkaContainer container;
  private final Duration startupDuration;

  private ContainerKafka(KafkaContainer container, Duration startupDuration) {
    this.container = container;
    this.startupDuration = startupDuration;
  }

  static ContainerKafka start() {
    long began = System.nanoTime();
    // Testcontainers already sets one-node replication factors and no initial rebalance delay.
    KafkaContainer container = new KafkaContainer(IMAGE)
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    container.start();
    return new ContainerKafka(container, Duration.ofNanos(System.nanoTime() - began));
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public Duration startupDuration() {
    return startupDuration;
  }

  @Override
  public void close() {
    container.stop();
  }
}
