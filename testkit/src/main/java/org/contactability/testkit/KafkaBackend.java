package org.contactability.testkit;

import java.time.Duration;

import org.contactability.embedded.EmbeddedKafkaBroker;

/** A running single-node Kafka cluster, wherever it runs. */
interface KafkaBackend extends AutoCloseable {

  String bootstrapServers();

  Duration startupDuration();

  @Override
  void close();

  static KafkaBackend start(Backend backend) {
    return switch (backend) {
      case EMBEDDED -> embedded();
      case TESTCONTAINERS -> ContainerKafka.start();
    };
  }

  private static KafkaBackend embedded() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
    return new KafkaBackend() {
      @Override
      public String bootstrapServers() {
        return broker.bootstrapServers();
      }

      @Override
      public Duration startupDuration() {
        return broker.startupDuration();
      }

      @Override
      public void close() {
        broker.close();
      }
    };
  }
}
