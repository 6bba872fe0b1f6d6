package org.contactability.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs Spring Boot applications side by side in this JVM, each in its own context and on its own
 * port, all given the platform's one clock and the same broker and registry settings. Closes them
 * in reverse order of start (of their starts' ends, for those started side by side).
 *
 * <p>Every service jar has its own {@code application.yml}; on one classpath {@code
 * classpath:application.yml} would be whichever comes first. Each application is therefore pointed
 * at the {@code application.yml} of its own jar (or classes directory), and the platform's settings
 * are passed as command-line arguments, which override it.
 */
final class SpringServices implements AutoCloseable {

  private final Clock clock;
  private final Map<String, Object> shared;
  private final List<ConfigurableApplicationContext> started = new ArrayList<>();
  private final Map<String, ConfigurableApplicationContext> byName = new LinkedHashMap<>();

  SpringServices(Clock clock, Map<String, Object> sharedProperties) {
    this.clock = clock;
    this.shared = Map.copyOf(sharedProperties);
  }

  /**
   * Starts {@code application} with its own configuration, the shared settings and
   * {@code properties} over it, and {@code singletons} registered as beans before any other bean
   * is made.
   */
  ConfigurableApplicationContext start(Class<?> application, Map<String, Object> properties,
      Map<String, Object> singletons) {
    Map<String, Object> all = new LinkedHashMap<>(shared);
    all.putAll(properties);
    ownConfiguration(application).ifPresent(url -> all.put("spring.config.location", url));
    String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
        .bannerMode(Banner.Mode.OFF)
        // The platform stops applications itself, before the database and the broker they use.
        .registerShutdownHook(false)
        // The services' own Clock beans back off when one is already there (ConditionalOnMissingBean).
        .initializers(ctx -> {
          ctx.getBeanFactory().registerSingleton("clock", clock);
          singletons.forEach(ctx.getBeanFactory()::registerSingleton);
        })
        .run(args);
    synchronized (started) {
      started.add(context);
      byName.put(application.getSimpleName(), context);
    }
    return context;
  }

  /** An application to start: its class, its properties over the shared ones, and singletons to register first. */
  record Application(Class<?> type, Map<String, Object> properties, Map<String, Object> singletons) {
  }

  /**
   * Starts every one of {@code applications} on a thread of its own and returns when all have started: they depend
   * on the broker, the registry and the database, not on each other, and a start is mostly waiting and class loading
   * that another start can use the processor for. If one fails, its failure is thrown once the others have ended
   * (those that started are closed with the rest).
   */
  void startSideBySide(List<Application> applications) {
    List<CompletableFuture<Void>> starts = applications.stream().map(application -> OwnThread.run(
        "start-" + application.type().getSimpleName(),
        () -> start(application.type(), application.properties(), application.singletons()))).toList();
    CompletableFuture<Void> failed = null;
    for (CompletableFuture<Void> start : starts) {
      try {
        start.join();
      } catch (CompletionException e) {
        failed = failed == null ? start : failed;
      }
    }
    if (failed != null) {
      OwnThread.await(failed);
    }
  }

  /** The running applications by the simple name of their class ({@code ConsoleApplication}...). */
  Map<String, ConfigurableApplicationContext> contexts() {
    synchronized (started) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }
  }

  @Override
  public void close() {
    synchronized (started) {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
      started.clear();
      byName.clear();
    }
  }

  /** The {@code application.yml} that sits beside {@code application}'s classes, if it has one. */
  static java.util.Optional<String> ownConfiguration(Class<?> application) {
    String home = application.getProtectionDomain().getCodeSource().getLocation().toString();
    try {
      Enumeration<URL> candidates = application.getClassLoader().getResources("application.yml");
      while (candidates.hasMoreElements()) {
        String candidate = candidates.nextElement().toString();
        if (candidate.startsWith(home) || candidate.startsWith("jar:" + home)) {
          return java.util.Optional.of(candidate);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not look for the configuration of " + application.getName(), e);
    }
    return java.util.Optional.empty();
  }
}
