package org.contactability.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-command platform: what a user connects to at start, and what a restart keeps. */
class EmbeddedPlatformTest {

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void starts_with_a_queryable_his_topics_a_registry_and_a_clock_and_a_restart_keeps_them(@TempDir Path data)
      throws Exception {
    PlatformOptions options = PlatformOptions.ephemeral(data, false, false, true);
    long appointments;
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(options, Clock.systemUTC())) {
      Endpoints endpoints = platform.endpoints();
      assertThat(platform.demo()).as("demo data filled on first start").isNotNull();
      assertThat(platform.dataDescription()).isEqualTo("new demo data");

      appointments = countAppointments(endpoints);
      assertThat(appointments).isGreaterThan(100);

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()))) {
        Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        assertThat(topics).contains("his.appointments", "contact.requests", "contact.requests.dlq", "appointments");
        assertThat(topics).hasSizeGreaterThanOrEqualTo(Topics.allWithDeadLetters().size());
        assertThat(partitions(admin, "appointments")).as("one broker: --partitions' default")
            .isEqualTo(PlatformOptions.DEFAULT_PARTITIONS).isLessThan(Topics.APPOINTMENTS.partitions());
        assertThat(platform.topicPartitions()).isEqualTo(PlatformOptions.DEFAULT_PARTITIONS);
      }

      assertThat(get(endpoints.schemaRegistry() + "/subjects").statusCode()).isEqualTo(200);

      assertThat(post(endpoints.console() + "api/clock/advance?by=PT72H", null).statusCode()).as("without a login")
          .isEqualTo(401);
      String admin = token(endpoints, "admin-script", "admin-secret");
      HttpResponse<String> advanced = post(endpoints.console() + "api/clock/advance?by=PT72H", admin);
      assertThat(advanced.statusCode()).isEqualTo(200);
      assertThat(advanced.body()).contains("\"offset\":\"PT72H\"");
      assertThat(post(endpoints.console() + "api/clock/advance?by=yesterday", admin).statusCode()).isEqualTo(400);
      assertThat(post(endpoints.console() + "api/clock/advance?by=-PT1H", admin).statusCode()).isEqualTo(400);

      assertListensOnLoopbackOnly(URI.create(endpoints.console()).getPort());
      assertListensOnLoopbackOnly(URI.create(endpoints.identityProvider()).getPort());
      assertListensOnLoopbackOnly(URI.create(endpoints.schemaRegistry()).getPort());
      assertListensOnLoopbackOnly(Integer.parseInt(endpoints.kafkaBootstrap().replaceAll(".*:", "")));
    }

    PlatformOptions morePartitions = PlatformOptions.parse("--data-dir=" + data, "--services=false", "--partitions=3",
        "--identity-port=0", "--console-port=0", "--registry-port=0", "--kafka-port=0", "--postgres-port=0",
        "--mail-port=0", "--service-ports=0");
    try (EmbeddedPlatform again = EmbeddedPlatform.start(morePartitions, Clock.systemUTC())) {
      assertThat(again.topicPartitions()).as("the data directory's topics keep the count they were made with")
          .isEqualTo(PlatformOptions.DEFAULT_PARTITIONS);
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
          again.endpoints().kafkaBootstrap()))) {
        assertThat(partitions(admin, "appointments")).isEqualTo(PlatformOptions.DEFAULT_PARTITIONS);
      }
      assertThat(again.demo()).as("existing HIS reused, not seeded twice").isNull();
      assertThat(again.dataDescription()).isEqualTo("reused; --fresh starts a new demo");
      assertThat(countAppointments(again.endpoints())).isEqualTo(appointments);
      assertThat(again.clockStore().clock().offset()).isEqualTo(Duration.ofHours(72));
    }

    try (EmbeddedPlatform fresh = EmbeddedPlatform.start(
        PlatformOptions.ephemeral(data, true, false, true), Clock.systemUTC())) {
      assertThat(fresh.demo()).as("--fresh starts a new demo").isNotNull();
      assertThat(fresh.dataDescription()).isEqualTo("wiped by --fresh; new demo data");
      assertThat(fresh.clockStore().clock().offset()).isEqualTo(Duration.ZERO);
    }

    try (EmbeddedPlatform empty = EmbeddedPlatform.start(
        PlatformOptions.ephemeral(data, true, false, false), Clock.systemUTC())) {
      assertThat(empty.dataDescription()).as("the banner after --fresh --demo=false")
          .isEqualTo("wiped by --fresh; empty HIS, no demo data (--demo=false)");
      assertThat(countAppointments(empty.endpoints())).isZero();
    }
  }

  private static int partitions(Admin admin, String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size();
  }

  private static long countAppointments(Endpoints endpoints) throws Exception {
    try (Connection connection = DriverManager.getConnection(endpoints.hisJdbcUrl(), endpoints.hisUser(),
        endpoints.hisPassword());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select count(*) from his.cita")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A script's token: client credentials at the embedded identity provider. */
  private String token(Endpoints endpoints, String client, String secret) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(endpoints.identityProvider()
            + "/oauth2/token"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            (client + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
  }

  /** Nothing answers on {@code port} at this machine's own network addresses, only on loopback. */
  private static void assertListensOnLoopbackOnly(int port) throws Exception {
    List<java.net.InetAddress> external = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())
        .stream().flatMap(java.net.NetworkInterface::inetAddresses)
        .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()).toList();
    Assumptions.assumeFalse(external.isEmpty(), "this machine has no network address besides loopback");
    try (java.net.Socket loopback = new java.net.Socket("127.0.0.1", port)) {
      assertThat(loopback.isConnected()).isTrue();
    }
    for (java.net.InetAddress address : external) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(address, port), 2000);
        throw new AssertionError("port " + port + " answers on " + address.getHostAddress());
      } catch (java.net.ConnectException | java.net.SocketTimeoutException refused) {
        // refused: it listens on loopback only
      }
    }
  }
}
