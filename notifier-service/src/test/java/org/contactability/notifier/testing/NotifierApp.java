package org.contactability.notifier.testing;

import java.util.HashMap;
import java.util.Map;

import org.contactability.notifier.NotifierApplication;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TestTokens;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts notifier-service as it runs, on the shared broker, with one test class's topic prefix and
 * registry scope. Test classes start it in {@code @BeforeAll} and close it in {@code @AfterAll},
 * before the broker stops (Spring's own context cache would close it after).
 */
public final class NotifierApp {

  private NotifierApp() {
  }

  public static ConfigurableApplicationContext start(String prefix, String registryUrl, Map<String, Object> settings) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("server.port", 0);
    properties.put("spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
    properties.put("contactability.kafka.schema-registry-url", registryUrl);
    properties.put("contactability.kafka.topic-prefix", prefix);
    properties.put("notifier.kafka.group-prefix", prefix + "notifier");
    properties.put("notifier.kafka.client-id-prefix", prefix + "notifier");
    properties.put("notifier.links-base-url", Composers.LINKS);
    properties.put("notifier.response-base-url", Composers.RESPONSE);
    properties.put("management.prometheus.metrics.export.enabled", false);
    properties.put(TestTokens.PROPERTY, TestTokens.publicKeyLocation());
    properties.putAll(settings);
    // As command-line arguments: they win over application.yml, as a deployment's settings do.
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    SpringApplication application = new SpringApplicationBuilder(NotifierApplication.class)
        .web(WebApplicationType.REACTIVE)
        .build();
    return application.run(args);
  }

  public static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }
}
