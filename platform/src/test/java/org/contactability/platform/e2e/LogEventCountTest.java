package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The embedded platform runs every application in one JVM with one Logback context. Micrometer's count of log
 * events adds a filter to it per application, and each filter counts every event of the JVM and is asked about
 * every log call; so only the console keeps it, and the count stays where ops read metrics.
 */
class LogEventCountTest {

  @Test
  void the_platform_counts_its_log_events_once_in_the_console() throws Exception {
    RunningPlatform platform = RunningPlatform.get();
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    assertThat(logback.getTurboFilterList())
        .filteredOn(filter -> filter.getClass().getSimpleName().equals("MetricsTurboFilter"))
        .as("Micrometer's log event filters in the JVM").hasSize(1);

    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(platform.endpoints().console() + "actuator/prometheus")).timeout(Duration.ofSeconds(30))
        .header("Authorization", platform.administrator()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("logback_events_total{");
  }
}
