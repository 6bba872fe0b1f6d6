package org.contactability.console;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The ops console: the live funnel, appointment timelines, dead letters with replay and consumer
 * lag, read from the platform's topics; in the embedded platform also the clock control and the
 * patient-phone page. It has no login of its own: it sits behind the hospital's authenticating
 * proxy. {@link #main} runs it on its own against a cluster (docs/console.md); the embedded
 * platform starts it beside the services with the platform's beans.
 */
@SpringBootApplication
public class ConsoleApplication {

  public static void main(String[] args) {
    new SpringApplicationBuilder(ConsoleApplication.class).run(args);
  }
}
