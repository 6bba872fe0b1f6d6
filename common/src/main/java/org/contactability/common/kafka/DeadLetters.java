package org.contactability.common.kafka;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.contracts.ops.DeadLetter;

/**
 * Builds the {@link DeadLetter} records that consumers park on {@code <topic>.dlq}. The reason must
 * help an operator act without disclosing patient data: exception messages of this platform never
 * carry names, phones, RUTs or message text, and payloads are shown masked by the console.
 */
public final class DeadLetters {

  public static final String FORMAT_AVRO = "avro-confluent";
  public static final String FORMAT_JSON = "json";
  public static final String FORMAT_UNKNOWN = "unknown";

  private final String service;
  private final Clock clock;

  public DeadLetters(String service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  /** A Kafka record that could not be processed; its raw bytes are kept for replay. */
  public DeadLetter forRecord(ConsumerRecord<?, ?> record, byte[] rawValue, Throwable cause, int attempts) {
    return builder(record.topic(), keyText(record.key()), rawValue, FORMAT_AVRO, cause)
        .setPartition(record.partition())
        .setOffset(record.offset())
        .setAttempts(attempts)
        .setHeaders(textHeaders(record.headers()))
        .build();
  }

  /** A record that never was on Kafka (a HIS row the connector could not map). */
  public DeadLetter forSourceRow(String intendedTopic, String key, byte[] rowAsJson, SourcePosition position,
      String reason, String errorType) {
    return DeadLetter.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setTopic(intendedTopic)
        .setKey(key)
        .setPayload(rowAsJson == null ? null : ByteBuffer.wrap(rowAsJson))
        .setPayloadFormat(FORMAT_JSON)
        .setReason(reason)
        .setErrorType(errorType)
        .setService(service)
        .setFailedAt(clock.instant())
        .setSourcePosition(position)
        .build();
  }

  /** Starting point for other cases; fill partition, offset, headers as known. */
  public DeadLetter.Builder builder(String topic, String key, byte[] payload, String format, Throwable cause) {
    return DeadLetter.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setTopic(topic)
        .setKey(key)
        .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
        .setPayloadFormat(format)
        .setReason(reason(cause))
        .setErrorType(rootCause(cause).getClass().getName())
        .setService(service)
        .setFailedAt(clock.instant());
  }

  /** The message of the exception and of its causes, outermost first, without stack traces. */
  public static String reason(Throwable cause) {
    StringBuilder reason = new StringBuilder();
    for (Throwable t = cause; t != null && reason.length() < 1000; t = t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (reason.indexOf(message) < 0) {
        if (reason.length() > 0) {
          reason.append(" <- ");
        }
        reason.append(message);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return reason.toString();
  }

  private static Throwable rootCause(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String keyText(Object key) {
    if (key == null) {
      return null;
    }
    if (key instanceof byte[] bytes) {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
    return key.toString();
  }

  private static Map<String, String> textHeaders(Headers headers) {
    Map<String, String> text = new HashMap<>();
    for (Header header : headers) {
      if (header.value() != null) {
        text.put(header.key(), new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return text;
  }
}
