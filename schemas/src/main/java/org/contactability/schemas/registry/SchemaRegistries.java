package org.contactability.schemas.registry;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the {@code schema.registry.url} setting to a registry. {@code mem://<scope>} names an
 * in-process registry shared by every serializer of the JVM that names the same scope (Kafka
 * creates serializers by reflection, so the scope is how they find each other, as with Confluent's
 * {@code mock://}); anything else is one or more comma-separated HTTP URLs.
 */
public final class SchemaRegistries {

  public static final String IN_MEMORY_SCHEME = "mem://";

  private static final Map<String, InMemorySchemaRegistry> IN_MEMORY = new ConcurrentHashMap<>();
  private static final Map<String, HttpSchemaRegistry> HTTP = new ConcurrentHashMap<>();

  private SchemaRegistries() {
  }

  public static SchemaRegistry forUrl(String url, String basicAuthUserInfo) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("schema.registry.url is not set: give an http(s) URL of a Confluent-compatible "
          + "registry, or mem://<scope> for the in-process one");
    }
    if (url.startsWith(IN_MEMORY_SCHEME)) {
      return inMemory(url.substring(IN_MEMORY_SCHEME.length()));
    }
    // One client per URL list, so that its caches serve every serializer of the process.
    return HTTP.computeIfAbsent(url + '|' + basicAuthUserInfo, key -> new HttpSchemaRegistry(
        urls(url), basicAuthUserInfo, Duration.ofSeconds(10)));
  }

  /** The in-process registry of {@code scope}, created on first use. */
  public static InMemorySchemaRegistry inMemory(String scope) {
    return IN_MEMORY.computeIfAbsent(scope, s -> new InMemorySchemaRegistry(IN_MEMORY_SCHEME + s));
  }

  /** Forgets an in-process registry (tests that want a clean one). */
  public static void dropInMemory(String scope) {
    IN_MEMORY.remove(scope);
  }

  private static List<String> urls(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
