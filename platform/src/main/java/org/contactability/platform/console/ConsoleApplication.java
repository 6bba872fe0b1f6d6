package org.contactability.platform.console;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The ops console: the live funnel, appointment timelines, dead letters with replay and consumer
 * lag, read from the platform's topics; in the embedded platform also the clock control and the
 * patient-phone page. {@code EmbeddedPlatform} starts it with the platform's beans; {@link #main}
 * runs it on its own against a real cluster (docs/console.md).
 */
// Spring Security is on this module's classpath only because response-service (its answer page) is;
// the console has no login of its own and sits behind the hospital's authenticating proxy.
@SpringBootApplication(excludeName = {
    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration"})
public class ConsoleApplication {

  public static void main(String[] args) {
    new SpringApplicationBuilder(ConsoleApplication.class).run(args);
  }
}
