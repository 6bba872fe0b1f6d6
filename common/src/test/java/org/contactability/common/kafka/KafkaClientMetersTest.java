package org.contactability.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.testkit.SharedKafka;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class KafkaClientMetersTest {

  static final String TOPIC = SharedKafka.topicPrefix(KafkaClientMetersTest.class) + "records";
  static final String CLIENT = "meters-test-writer";

  @Test
  void a_producer_made_again_under_its_client_id_replaces_the_meters_of_the_one_before() throws Exception {
    SharedKafka.createTopic(TOPIC, 1);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (KafkaClientMeters meters = new KafkaClientMeters(registry)) {
      try (KafkaProducer<String, String> first = producer()) {
        meters.bind(CLIENT, first);
        send(first, 3);
        assertThat(sent(registry)).isEqualTo(3);
      }
      try (KafkaProducer<String, String> second = producer()) {
        meters.bind(CLIENT, second);
        send(second, 1);
        assertThat(sent(registry)).as("counted by the new producer alone").isEqualTo(1);
        assertThat(registry.find("kafka.producer.record.send.total").meters()).hasSize(1);
      }
    }
    assertThat(registry.find("kafka.producer.record.send.total").meters()).as("after close").isEmpty();
  }

  static KafkaProducer<String, String> producer() {
    return SharedKafka.producer(new StringSerializer(), new StringSerializer(),
        Map.of(ProducerConfig.CLIENT_ID_CONFIG, CLIENT));
  }

  static void send(KafkaProducer<String, String> producer, int records) throws Exception {
    for (int i = 0; i < records; i++) {
      producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v")).get(30, TimeUnit.SECONDS);
    }
  }

  static double sent(SimpleMeterRegistry registry) {
    return registry.get("kafka.producer.record.send.total").tag("client.id", CLIENT).functionCounter().count();
  }
}
