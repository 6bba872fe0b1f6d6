package org.contactability.console.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A dead letter as the console keeps it, with the original bytes for a replay.
 *
 * @param deadLetterTopic   catalogue name of the dead-letter topic it was read from
 * @param deadLetterPartition partition of the dead-letter topic
 * @param deadLetterOffset  offset in the dead-letter topic
 * @param sourceTopic       topic the record came from, as the failing service named it (prefix included)
 * @param sourcePartition   source partition, when it came from Kafka
 * @param sourceOffset      source offset, when it came from Kafka
 * @param key               the record key (may be a phone for answers that could not be correlated: show masked)
 * @param payloadFormat     'avro-confluent' (replayable), 'json' (a HIS row), 'unknown'
 * @param payload           original bytes; may hold patient data, never shown
 * @param sourcePosition    where in the HIS change stream, for HIS rows (table and LSN), else null
 * @param headers           the original record's text headers
 */
public record DeadLetterEntry(String id, String deadLetterTopic, int deadLetterPartition, long deadLetterOffset,
    String sourceTopic, Integer sourcePartition, Long sourceOffset, String key, String payloadFormat, byte[] payload,
    String reason, String errorType, String service, Instant failedAt, int attempts, String sourcePosition,
    Map<String, String> headers) {

  public static final String AVRO = "avro-confluent";
  public static final String JSON = "json";

  public DeadLetterEntry {
    Objects.requireNonNull(id, "id");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  public int payloadSize() {
    return payload == null ? 0 : payload.length;
  }
}
