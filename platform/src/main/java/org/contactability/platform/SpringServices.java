package org.contactability.platform;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs Spring Boot applications side by side in this JVM, each in its own context and on its own
 * port, all given the platform's one clock and the same broker and registry settings. Closes them
 * in reverse order of start.
 */
final class SpringServices implements AutoCloseable {

  private final Clock clock;
  private final Map<String, Object> shared;
  private final List<ConfigurableApplicationContext> started = new ArrayList<>();

  SpringServices(Clock clock, Map<String, Object> sharedProperties) {
    this.clock = clock;
    this.shared = Map.copyOf(sharedProperties);
  }

  /**
   * Starts {@code application} with the shared settings, {@code properties} over them, and
   * {@code singletons} registered as beans before any other bean is made.
   */
  ConfigurableApplicationContext start(Class<?> application, Map<String, Object> properties,
      Map<String, Object> singletons) {
    Map<String, Object> all = new HashMap<>(shared);
    all.putAll(properties);
    ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
        .bannerMode(Banner.Mode.OFF)
        // The platform stops applications itself, before the database and the broker they use.
        .registerShutdownHook(false)
        .properties(all)
        // The services' own Clock beans back off when one is already there (ConditionalOnMissingBean).
        .initializers(ctx -> {
          ctx.getBeanFactory().registerSingleton("clock", clock);
          singletons.forEach(ctx.getBeanFactory()::registerSingleton);
        })
        .run();
    started.add(context);
    return context;
  }

  List<ConfigurableApplicationContext> contexts() {
    return Collections.unmodifiableList(started);
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
    started.clear();
  }
}
