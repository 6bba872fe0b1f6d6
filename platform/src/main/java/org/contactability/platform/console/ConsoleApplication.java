package org.contactability.platform.console;

import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The ops console: the live funnel, appointment timelines, dead letters with replay and consumer
 * lag, read from the platform's topics; in the embedded platform also the clock control and the
 * patient-phone page. {@code EmbeddedPlatform} starts it with the platform's beans; {@link #main}
 * runs it on its own against a real cluster (docs/console.md).
 */
@SpringBootApplication
public class ConsoleApplication {

  public static void main(String[] args) {
    new SpringApplicationBuilder(ConsoleApplication.class)
        .properties(Map.of("spring.application.name", "console", "server.port", "8080"))
        .run(args);
  }
}
