package org.contactability.hisconnector.secured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.contactability.embedded.EmbeddedKafkaBroker;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.hisconnector.support.HisTestBed;
import org.contactability.hisconnector.support.StopsLast;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A hospital's cluster that requires a login (SASL/PLAIN here; TLS settings travel the same way):
 * configured once in {@code spring.kafka.*}, it reaches every client of the service, including the
 * Debezium engine's offset store, which Spring does not build. This class runs its own broker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SecuredKafkaTest {

  private static final HisTestBed bed = HisTestBed.create(SecuredKafkaTest.class);
  private static final EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
      .saslPlain("his-connector", "secret-" + UUID.randomUUID()).start();
  private static final String PREFIX = "secured-";
  private static final Clock clock = Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC);

  @LocalServerPort
  private int port;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    registry.add(TestTokens.PROPERTY, TestTokens::publicKeyLocation);
    registry.add("spring.kafka.security.protocol", () -> broker.clientSecurity().get("security.protocol"));
    registry.add("spring.kafka.properties.sasl.mechanism", () -> broker.clientSecurity().get("sasl.mechanism"));
    registry.add("spring.kafka.properties.sasl.jaas.config", () -> broker.clientSecurity().get("sasl.jaas.config"));
    registry.add("contactability.kafka.topic-prefix", () -> PREFIX);
    registry.add("contactability.kafka.schema-registry-url", () -> "mem://secured-" + UUID.randomUUID());
    registry.add("contactability.his-connector.database.host", () -> bed.database().host());
    registry.add("contactability.his-connector.database.port", () -> bed.database().port());
    registry.add("contactability.his-connector.database.name", () -> bed.database().name());
    registry.add("contactability.his-connector.database.user", () -> bed.database().user());
    registry.add("contactability.his-connector.database.password", () -> bed.database().password());
    registry.add("contactability.his-connector.capture.slot-name", bed::slotName);
    registry.add("contactability.his-connector.capture.offset-flush-interval", () -> "200ms");
  }

  /** Stops the broker when the context closes, after the service's clients stopped (lowest phase stops last). */
  @TestConfiguration(proxyBeanMethods = false)
  static class Broker {

    @Bean
    SmartLifecycle securedBroker() {
      return new StopsLast(broker::close);
    }
  }

  @Test
  void captureOffsetStoreAndHealthCheckAllLogInToTheSecuredBroker() throws Exception {
    long site = new ReferenceHis(bed.dataSource(), clock).addSite(new NewSite("HCHM", "Sede segura", null, null));
    TopicNaming naming = new TopicNaming(PREFIX);

    List<ConsumerRecord<String, byte[]>> sites = readUntil(naming.name(Topics.HIS_SITES),
        records -> records.stream().anyMatch(r -> r.key().equals(Long.toString(site))));
    assertThat(sites).extracting(ConsumerRecord::key).contains(Long.toString(site));
    assertThat(readUntil(naming.name(Topics.HIS_CONNECTOR_OFFSETS), records -> !records.isEmpty()))
        .as("the engine's offsets, written by the offset store's own producer").isNotEmpty();

    HttpClient http = HttpClient.newHttpClient();
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/actuator/health"))
          .header("Authorization", TestTokens.bearer("viewer")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(health.body()).contains("\"brokers\":1", "\"slotActive\":true");
    });
  }

  private static List<ConsumerRecord<String, byte[]>> readUntil(String topic,
      java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> enough) {
    Map<String, Object> settings = new HashMap<>(broker.clientSecurity());
    settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    settings.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-probe-" + UUID.randomUUID());
    settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        return enough.test(records);
      });
    }
    return records;
  }
}
