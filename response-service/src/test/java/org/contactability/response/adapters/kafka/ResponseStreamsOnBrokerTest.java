package org.contactability.response.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.response.support.LiveService;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TestTokens;
import org.contactability.testkit.TopicProbe;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The stream processor on the real broker: dead letters, and health as the actuator reports it. */
class ResponseStreamsOnBrokerTest extends LiveService {

  @Test
  void an_unreadable_answer_is_parked_on_the_dead_letter_topic_with_its_bytes() throws Exception {
    String key = "garbage-" + System.nanoTime();
    try (KafkaProducer<String, byte[]> raw = SharedKafka.producer(new StringSerializer(), new ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(NAMING.name(Topics.PATIENT_RESPONSES), key,
          "not avro".getBytes(StandardCharsets.UTF_8))).get();
    }

    DeadLetter parked = deadLetterFor(key);

    assertThat(StandardCharsets.UTF_8.decode(parked.getPayload()).toString()).isEqualTo("not avro");
    assertThat(parked.getReason()).contains("magic byte");
    assertThat(parked.getService()).isEqualTo("response-service");
    assertThat(parked.getOffset()).isNotNull();
  }

  @Test
  void an_answer_about_an_appointment_nobody_knows_is_parked_with_its_reason() {
    String key = "nobody-" + System.nanoTime();
    publish(Topics.PATIENT_RESPONSES, key, PatientResponse.newBuilder()
        .setResponseId("SM-" + key).setReceivedAt(now()).setChannel(Channel.SMS).setFrom("+56911112222")
        .setIntent(Intent.CONFIRM).setCorrelation(Correlation.newBuilder().setAppointmentId(key).build())
        .setCorrelationMethod(CorrelationMethod.ONLY_PENDING).build());

    DeadLetter parked = deadLetterFor(key);

    assertThat(parked.getReason()).contains("appointment " + key + " is not in the appointments view")
        .doesNotContain("+56911112222");
  }

  @Test
  void health_and_readiness_report_the_stream_processor_running() {
    // Details are for a logged-in user; a probe sees the status only.
    web().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.status").isEqualTo("UP")
        .jsonPath("$.components").doesNotExist();
    String viewer = TestTokens.bearer("viewer");
    web().get().uri("/actuator/health").header("Authorization", viewer).exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.status").isEqualTo("UP")
        .jsonPath("$.components.responseStreams.status").isEqualTo("UP")
        .jsonPath("$.components.responseStreams.details.state").isEqualTo("RUNNING");
    web().get().uri("/actuator/health/readiness").header("Authorization", viewer).exchange().expectStatus().isOk()
        .expectBody()
        .jsonPath("$.components.responseStreams.status").isEqualTo("UP");
  }

  @Test
  void the_stream_processors_client_metrics_lag_included_are_published(@Autowired MeterRegistry meters) {
    Awaitility.await("Kafka Streams' consumer metrics").atMost(Duration.ofSeconds(90)).untilAsserted(() ->
        assertThat(meters.getMeters()).extracting(m -> m.getId().getName())
            .contains("kafka.consumer.fetch.manager.records.lag.max"));
  }

  private static DeadLetter deadLetterFor(String key) {
    return TopicProbe.on(NAMING.deadLetterName(Topics.PATIENT_RESPONSES),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            SERDES.forValues(DeadLetter.class).deserializer())
        .within(Duration.ofSeconds(30))
        .readFirstMatching("a dead letter for " + key, r -> key.equals(r.key())).value();
  }
}
