package org.contactability.common.kafka;

import java.util.Map;
import java.util.TreeMap;

/**
 * The settings with which a Kafka client proves who it is and protects the connection (TLS, SASL),
 * picked out of a full client configuration so that clients built outside Spring's factories (the
 * Debezium engine's offset store) log in to a secured cluster as the services' own clients do.
 */
public final class KafkaClientSecurity {

  private KafkaClientSecurity() {
  }

  /** The {@code security.*}, {@code ssl.*} and {@code sasl.*} entries of {@code clientSettings}, as text. */
  public static Map<String, String> of(Map<String, ?> clientSettings) {
    Map<String, String> security = new TreeMap<>();
    clientSettings.forEach((key, value) -> {
      if (value != null && (key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl."))) {
        security.put(key, value instanceof Class<?> type ? type.getName() : String.valueOf(value));
      }
    });
    return security;
  }
}
