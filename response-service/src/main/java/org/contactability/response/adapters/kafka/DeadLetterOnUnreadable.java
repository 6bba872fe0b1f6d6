package org.contactability.response.adapters.kafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.ops.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be read does not stop the processor. An unreadable answer goes to
 * {@code patient.responses.dlq} with the reason; an unreadable record of a topic another service owns
 * (read here only into a view) is skipped with a log line, its owner's consumers park it.
 */
public final class DeadLetterOnUnreadable implements DeserializationExceptionHandler {

  /** Name of the topic whose unreadable records are parked. */
  public static final String SOURCE_TOPIC = "response.dead-letter.source-topic";
  /** Its dead-letter topic. */
  public static final String DEAD_LETTER_TOPIC = "response.dead-letter.topic";
  /** A {@code Serializer<DeadLetter>} instance. */
  public static final String SERIALIZER = "response.dead-letter.serializer";
  /** A {@link DeadLetters} instance. */
  public static final String DEAD_LETTERS = "response.dead-letter.builder";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterOnUnreadable.class);

  private String sourceTopic;
  private String deadLetterTopic;
  private Serializer<DeadLetter> serializer;
  private DeadLetters deadLetters;

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs) {
    sourceTopic = (String) configs.get(SOURCE_TOPIC);
    deadLetterTopic = (String) configs.get(DEAD_LETTER_TOPIC);
    serializer = (Serializer<DeadLetter>) configs.get(SERIALIZER);
    deadLetters = (DeadLetters) configs.get(DEAD_LETTERS);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (!record.topic().equals(sourceTopic)) {
      log.warn("Skipped an unreadable record of {} (partition {}, offset {}): {}", record.topic(), record.partition(),
          record.offset(), DeadLetters.reason(exception));
      return Response.resume();
    }
    log.warn("Parked an unreadable answer of {} (partition {}, offset {}) on {}: {}", record.topic(),
        record.partition(), record.offset(), deadLetterTopic, DeadLetters.reason(exception));
    DeadLetter letter = deadLetters.forRecord(record, record.value(), exception, 1);
    return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, record.key(),
        serializer.serialize(deadLetterTopic, letter))));
  }
}
