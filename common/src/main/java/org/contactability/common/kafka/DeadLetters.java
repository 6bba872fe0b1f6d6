package org.contactability.common.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.contactability.contracts.common.SourcePosition;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;

/**
 * Builds the {@link DeadLetter} records that every service parks on {@code <topic>.dlq}, and counts each
 * on {@code contactability.dead.letters{service, topic}} (topic: the catalogue name of the topic the record
 * came from or was meant for). The one place of the platform's dead-letter path: Kafka Streams services
 * park through {@link StreamsDeadLetterHandler}, plain consumers through {@link ConsumerDeadLetters}. The
 * reason must help an operator act without disclosing patient data: exception messages of this platform
 * never carry names, phones, RUTs or message text, and payloads are shown masked by the console.
 */
public final class DeadLetters {

  public static final String FORMAT_AVRO = "avro-confluent";
  public static final String FORMAT_JSON = "json";
  public static final String FORMAT_UNKNOWN = "unknown";

  private final String service;
  private final Clock clock;
  private final TopicNaming naming;
  private final MeterRegistry meters;

  /** @param service who gives up, on every letter and on the metric */
  public DeadLetters(String service, Clock clock, TopicNaming naming, MeterRegistry meters) {
    this.service = service;
    this.clock = clock;
    this.naming = naming;
    this.meters = meters;
  }

  /** The service that gives up. */
  public String service() {
    return service;
  }

  public TopicNaming naming() {
    return naming;
  }

  /** Where the letters of records from {@code source} go (its resolved dead-letter topic). */
  public String topicOf(TopicSpec<?> source) {
    return naming.deadLetterName(source);
  }

  /** A Kafka record of {@code source} that could not be used; its raw bytes are kept for replay. */
  public DeadLetter forRecord(TopicSpec<?> source, ConsumerRecord<?, ?> record, byte[] rawValue, Throwable cause,
      int attempts) {
    return builder(source, keyText(record.key()), rawValue, FORMAT_AVRO, cause)
        .setTopic(record.topic())
        .setPartition(record.partition())
        .setOffset(record.offset())
        .setAttempts(attempts)
        .setHeaders(textHeaders(record.headers()))
        .build();
  }

  /** A record that never was on Kafka (a HIS row the connector could not map), meant for {@code intended}. */
  public DeadLetter forSourceRow(TopicSpec<?> intended, String key, byte[] rowAsJson, SourcePosition position,
      String reason, String errorType) {
    return started(intended, key, rowAsJson, FORMAT_JSON)
        .setReason(reason)
        .setErrorType(errorType)
        .setSourcePosition(position)
        .build();
  }

  /**
   * Starting point for the other cases (a record given up inside a processor, a plan that cannot be sent);
   * fill partition, offset, headers as known. Every letter started here is counted.
   */
  public DeadLetter.Builder builder(TopicSpec<?> source, String key, byte[] payload, String format, Throwable cause) {
    return started(source, key, payload, format)
        .setReason(reason(cause))
        .setErrorType(rootCause(cause).getClass().getName());
  }

  /** What every letter has: its own id, where it came from or was going, its bytes, who wrote it and when; counted. */
  private DeadLetter.Builder started(TopicSpec<?> source, String key, byte[] payload, String format) {
    count(source);
    return DeadLetter.newBuilder()
        .setId(UUID.randomUUID().toString())
        .setTopic(naming.name(source))
        .setKey(key)
        .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
        .setPayloadFormat(format)
        .setService(service)
        .setFailedAt(clock.instant());
  }

  /**
   * An id that is the record's position, for letters of a consumer that reads its topic from the beginning
   * again (a global store built afresh, a follower at every start): the letter it writes again is
   * recognisably the same one.
   */
  public String positionId(String topic, int partition, long offset) {
    return service + ":" + topic + "-" + partition + "@" + offset;
  }

  private void count(TopicSpec<?> source) {
    Counter.builder("contactability.dead.letters")
        .description("Records parked on a dead-letter topic, by the topic they came from or were meant for")
        .tag("service", service).tag("topic", source.name())
        .register(meters).increment();
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

  static String keyText(Object key) {
    if (key == null) {
      return null;
    }
    if (key instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return key.toString();
  }

  static Map<String, String> textHeaders(Headers headers) {
    Map<String, String> text = new HashMap<>();
    if (headers == null) {
      return text;
    }
    for (Header header : headers) {
      if (header.value() != null) {
        text.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
      }
    }
    return text;
  }
}
