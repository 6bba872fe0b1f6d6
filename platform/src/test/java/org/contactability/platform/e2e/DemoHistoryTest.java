package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The demo's history on a platform of its own, as a process (the shared one has an empty HIS and a clock started at
 * now; a second platform in this JVM would crowd its heap): two past weeks of few appointments, lived through the
 * pipeline, read back from the console's clock and outcomes APIs.
 */
class DemoHistoryTest {

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void two_past_weeks_show_attendance_with_fewer_no_shows_among_the_confirmed_and_the_clock_ends_at_now()
      throws Exception {
    try (PlatformProcess platform = PlatformProcess.on(Path.of("target", "history-" + UUID.randomUUID()).toAbsolutePath(),
        "--demo-history-weeks=2", "--demo-history-daily=6")) {
      platform.startAndAwaitHealthy();
      String token = token(platform);
      // The services are healthy while the history runs; the banner comes once it is over.
      Path log = platform.data().resolve("platform.log");
      await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2))
          .until(() -> Files.readString(log).contains("Contactability platform is up"));
      assertThat(Files.readAllLines(log)).as("the banner's history line")
          .anyMatch(line -> line.startsWith("  Demo history ....... 2 past weeks simulated"));
      JsonNode clock = json.readTree(get(platform.console() + "api/clock", token));
      assertThat(clock.path("offset").asText()).as("the clock's offset").isEqualTo("PT0S");
      assertThat(Duration.between(Instant.now(), Instant.parse(clock.path("now").asText())).abs())
          .as("the platform's clock at the real now").isLessThan(Duration.ofSeconds(10));

      LocalDate today = LocalDate.now(SANTIAGO);
      AtomicReference<List<JsonNode>> rows = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        JsonNode outcomes = json.readTree(get(platform.console() + "api/outcomes?period=week&to=" + today.minusDays(1),
            token));
        rows.set(table(outcomes, "attendance"));
        return rows.get().stream().filter(r -> r.path("recorded").asInt() > 0).count() >= 2;
      });

      List<String> pastWeeks = new ArrayList<>();
      int confirmed = 0;
      int confirmedNoShow = 0;
      int neverReached = 0;
      int neverReachedNoShow = 0;
      for (JsonNode row : rows.get()) {
        if (row.path("recorded").asInt() > 0) {
          pastWeeks.add(row.path("period").asText());
        }
        confirmed += row.path("confirmedRecorded").asInt();
        confirmedNoShow += row.path("confirmedNoShow").asInt();
        neverReached += row.path("neverReachedRecorded").asInt();
        neverReachedNoShow += row.path("neverReachedNoShow").asInt();
      }
      String thisWeek = today.get(IsoFields.WEEK_BASED_YEAR) + "-W"
          + String.format("%02d", today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      assertThat(pastWeeks).as("weeks with attendance recorded").hasSizeGreaterThanOrEqualTo(2)
          .allMatch(week -> week.compareTo(thisWeek) <= 0);
      assertThat(confirmed).as("confirmed appointments marked").isPositive();
      assertThat(neverReached).as("never-reached appointments marked").isPositive();
      assertThat((double) neverReachedNoShow / neverReached).as("no-show rate never reached vs confirmed ("
              + neverReachedNoShow + "/" + neverReached + " vs " + confirmedNoShow + "/" + confirmed + ")")
          .isGreaterThan((double) confirmedNoShow / confirmed);
    }
  }

  private static List<JsonNode> table(JsonNode outcomes, String id) {
    for (JsonNode table : outcomes.path("tables")) {
      if (table.path("id").asText().equals(id)) {
        List<JsonNode> rows = new ArrayList<>();
        table.path("rows").forEach(rows::add);
        return rows;
      }
    }
    throw new AssertionError("no table " + id + " in " + outcomes);
  }

  /** A viewer's token by client credentials, as a script gets one. */
  private String token(PlatformProcess platform) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(platform.identityProvider()
            + "/oauth2/token"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer-script:viewer-secret"
            .getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return json.readTree(answer.body()).path("access_token").asText();
  }

  private String get(String url, String token) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }
}
