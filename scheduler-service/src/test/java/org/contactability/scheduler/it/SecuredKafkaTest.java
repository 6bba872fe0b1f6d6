package org.contactability.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.common.time.AdjustableClock;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.embedded.EmbeddedKafkaBroker;
import org.contactability.scheduler.SchedulerApplication;
import org.contactability.scheduler.domain.Profiles;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hospital's cluster that requires a login (SASL/PLAIN here; TLS settings travel the same way):
 * configured once in {@code spring.kafka.*}, it reaches the Kafka Streams clients and the health
 * check's admin client. This test runs its own broker and the real application in process.
 */
class SecuredKafkaTest {

  private static final String PREFIX = "secured-";
  private static final TopicNaming NAMING = new TopicNaming(PREFIX);
  private static final String REGISTRY = "mem://scheduler-secured-" + UUID.randomUUID();

  @Test
  void the_streams_and_the_health_check_log_in_and_a_due_reminder_is_sent() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().saslPlain("scheduler", "pw-" + UUID.randomUUID())
        .start()) {
      AdjustableClock clock = AdjustableClock.on(Clock.systemUTC());
      Map<String, String> security = broker.clientSecurity();
      try (ConfigurableApplicationContext scheduler = new SpringApplicationBuilder(SchedulerApplication.class)
          .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
          .run("--server.port=0",
              "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
              "--spring.kafka.security.protocol=" + security.get("security.protocol"),
              "--spring.kafka.properties.sasl.mechanism=" + security.get("sasl.mechanism"),
              "--spring.kafka.properties.sasl.jaas.config=" + security.get("sasl.jaas.config"),
              "--contactability.kafka.schema-registry-url=" + REGISTRY,
              "--contactability.kafka.topic-prefix=" + PREFIX,
              "--scheduler.streams.application-id=" + PREFIX + "scheduler",
              "--scheduler.streams.state-dir=" + Path.of("target", "secured-" + UUID.randomUUID()).toAbsolutePath(),
              "--scheduler.plans.tick=200ms")) {
        HealthEndpoint health = scheduler.getBean(HealthEndpoint.class);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
            assertThat(health.health().getStatus().getCode()).isEqualTo("UP"));

        Instant now = clock.instant();
        LocalDateTime start = LocalDateTime.ofInstant(now, Profiles.SANTIAGO).plusDays(5).withHour(11).withMinute(0);
        AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", REGISTRY));
        Map<String, Object> client = new HashMap<>(security);
        client.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<String, Appointment> producer = new KafkaProducer<>(client, new StringSerializer(),
            serdes.forValues(Topics.APPOINTMENTS).serializer())) {
          producer.send(new ProducerRecord<>(NAMING.name(Topics.APPOINTMENTS), "S1",
              ChillanViews.booked("S1", 1, start, now))).get();
        }
        // Chillán's WhatsApp reminder is due 96 h before the appointment, its SMS 72 h before: an hour
        // after the first, only the first is due.
        clock.advance(Duration.between(now, start.atZone(Profiles.SANTIAGO).toInstant().minus(Duration.ofHours(95))));

        List<ContactRequest> requests = read(client, serdes);
        assertThat(requests).extracting(ContactRequest::getRequestId).containsExactly("S1:reminder:1:WHATSAPP");
      }
    }
  }

  private static List<ContactRequest> read(Map<String, Object> client, AvroSerdes serdes) {
    Map<String, Object> settings = new HashMap<>(client);
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-probe-" + UUID.randomUUID());
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ContactRequest> requests = new ArrayList<>();
    try (KafkaConsumer<String, ContactRequest> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
        serdes.forValues(Topics.CONTACT_REQUESTS).deserializer())) {
      consumer.subscribe(List.of(NAMING.name(Topics.CONTACT_REQUESTS)));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        for (ConsumerRecord<String, ContactRequest> record : consumer.poll(Duration.ofMillis(300))) {
          requests.add(record.value());
        }
        return !requests.isEmpty();
      });
      // One more poll: a duplicate would show here.
      consumer.poll(Duration.ofSeconds(1)).forEach(record -> requests.add(record.value()));
    }
    return requests;
  }
}
