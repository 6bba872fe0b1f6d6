package org.contactability.hisconnector.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.contactability.contracts.his.SiteChange;
import org.contactability.embedded.EmbeddedKafkaBroker;
import org.contactability.embedded.EmbeddedPostgres;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.ReferenceHisSchema;
import org.contactability.hisconnector.adapters.debezium.CaptureEngine;
import org.contactability.hisconnector.support.StopsLast;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Health follows the database and the broker, and the capture recovers by itself when they come
 * back. This class runs its own PostgreSQL server and broker (restarted on the same port and data
 * directory), so that stopping them disturbs no other test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class CaptureRecoveryTest {

  private static final String PASSWORD = "recovery-" + UUID.randomUUID();
  private static final Path PG_DATA = Path.of("target", "recovery", "pg-" + UUID.randomUUID());
  private static final Path KAFKA_DATA = Path.of("target", "recovery", "kafka-" + UUID.randomUUID());
  private static final String REGISTRY = "mem://capture-recovery-" + UUID.randomUUID();
  private static final Clock clock = Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC);

  private static EmbeddedPostgres postgres = EmbeddedPostgres.builder().dataDirectory(PG_DATA).password(PASSWORD)
      .start();
  private static final int PG_PORT = postgres.port();
  private static EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDirectory(KAFKA_DATA).start();
  private static final int KAFKA_PORT = broker.port();
  private static final String BOOTSTRAP = broker.bootstrapServers();

  static {
    ReferenceHisSchema.migrate(postgres.dataSource());
  }

  @LocalServerPort
  private int port;

  @Autowired
  private CaptureEngine engine;

  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", () -> BOOTSTRAP);
    registry.add(TestTokens.PROPERTY, TestTokens::publicKeyLocation);
    registry.add("contactability.kafka.schema-registry-url", () -> REGISTRY);
    registry.add("contactability.his-connector.database.host", () -> postgres.host());
    registry.add("contactability.his-connector.database.port", () -> PG_PORT);
    registry.add("contactability.his-connector.database.name", () -> postgres.database().name());
    registry.add("contactability.his-connector.database.user", () -> postgres.user());
    registry.add("contactability.his-connector.database.password", () -> PASSWORD);
    registry.add("contactability.his-connector.database.connect-timeout", () -> "1s");
    registry.add("contactability.his-connector.capture.slot-name", () -> "recovery");
    registry.add("contactability.his-connector.capture.restart-backoff-initial", () -> "200ms");
    registry.add("contactability.his-connector.capture.restart-backoff-max", () -> "1s");
    registry.add("contactability.his-connector.writeback.enabled", () -> "false");
  }

  /** Stops this class's servers when the context closes, after the capture stopped (lowest phase stops last). */
  @TestConfiguration(proxyBeanMethods = false)
  static class Servers {

    @Bean
    SmartLifecycle recoveryServers() {
      return new StopsLast(() -> {
        postgres.close();
        broker.close();
      });
    }
  }

  @Test
  void healthGoesDownWhileTheDatabaseOrTheBrokerIsAwayAndTheCaptureRecoversWhenTheyReturn() throws Exception {
    awaitHealth(200, "\"capture\":{", "\"slotActive\":true");
    ReferenceHis his = new ReferenceHis(postgres.dataSource(), clock);
    long first = his.addSite(new NewSite("HCHM", "Sede antes de la caída", null, null));
    awaitSites(Set.of(first));

    stopDatabase();
    String down = awaitHealth(503, "\"database\":\"unreachable");
    assertThat(down).contains("\"status\":\"DOWN\"");

    postgres = EmbeddedPostgres.builder().dataDirectory(PG_DATA).port(PG_PORT).password(PASSWORD).start();
    awaitHealth(200, "\"slotActive\":true");
    his = new ReferenceHis(postgres.dataSource(), clock);
    long afterDatabase = his.addSite(new NewSite("HCHM", "Sede tras volver la base", null, null));
    awaitSites(Set.of(first, afterDatabase));

    broker.close();
    awaitHealth(503, "\"kafka\":{", "\"broker\":\"unreachable");
    long duringBrokerOutage = his.addSite(new NewSite("HCHM", "Sede durante la caída del broker", null, null));

    broker = EmbeddedKafkaBroker.builder().dataDirectory(KAFKA_DATA).port(KAFKA_PORT).start();
    awaitHealth(200, "\"brokers\":1");
    awaitSites(Set.of(first, afterDatabase, duringBrokerOutage));
  }

  /**
   * Stops the server. PostgreSQL's shutdown waits for a logical WAL sender's client to confirm the
   * last WAL, which a live connector does only on its next offset commit; so the connector's role
   * is first barred from logging in and its sessions ended, as a DBA would do. Starting the
   * server again lets the role log in again (EmbeddedPostgres restores its attributes).
   */
  private static void stopDatabase() throws Exception {
    try (Connection admin = DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + PG_PORT + "/postgres", "postgres", "");
        Statement statement = admin.createStatement()) {
      statement.execute("ALTER ROLE " + postgres.user() + " NOLOGIN");
      statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '"
          + postgres.user() + "'");
    }
    postgres.close();
  }

  private String awaitHealth(int status, String... fragments) {
    String[] body = new String[1];
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          // Its details are for a logged-in user.
          URI.create("http://localhost:" + port + "/actuator/health")).timeout(Duration.ofSeconds(10))
          .header("Authorization", TestTokens.bearer("viewer")).build(),
          HttpResponse.BodyHandlers.ofString());
      body[0] = response.body();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
      assertThat(response.body()).contains(fragments);
    });
    return body[0];
  }

  private void awaitSites(Set<Long> ids) {
    Set<String> expected = new HashSet<>();
    ids.forEach(id -> expected.add(Long.toString(id)));
    Set<String> seen = new HashSet<>();
    AvroSerdes serdes = new AvroSerdes(Map.of("schema.registry.url", REGISTRY));
    try (KafkaConsumer<String, SiteChange> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
        ConsumerConfig.GROUP_ID_CONFIG, "recovery-probe-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), serdes.forValues(Topics.HIS_SITES).deserializer())) {
      consumer.subscribe(List.of(Topics.HIS_SITES.name()));
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        for (ConsumerRecord<String, SiteChange> record : consumer.poll(Duration.ofMillis(300))) {
          seen.add(record.key());
        }
        return seen.containsAll(expected);
      });
    }
  }
}
