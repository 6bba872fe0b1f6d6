package org.contactability.scheduler.adapters.kafka;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.serde.AvroSerializer;
import org.contactability.schemas.topics.TopicNaming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the scheduler cannot read or process goes to {@code <topic>.dlq} as a {@link DeadLetter}
 * with its original bytes and the reason, inside the same transaction, and the stream moves on.
 * Kafka Streams creates this class by name; its collaborators come through the configuration map
 * ({@link #NAMING}, {@link #CLOCK}, {@link #SERVICE} and the serde settings).
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  public static final String NAMING = "contactability.scheduler.dead-letters.naming";
  public static final String CLOCK = "contactability.scheduler.dead-letters.clock";
  public static final String SERVICE = "contactability.scheduler.dead-letters.service";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

  private TopicNaming naming;
  private DeadLetters deadLetters;
  private AvroSerializer<DeadLetter> serializer;

  @Override
  public void configure(Map<String, ?> configs) {
    naming = (TopicNaming) configs.get(NAMING);
    if (!(configs.get(CLOCK) instanceof Clock clock)) {
      // Dead letters are stamped on the service's clock, which the embedded platform moves.
      throw new ConfigException(CLOCK, configs.get(CLOCK), "the scheduler's Clock is required");
    }
    Object service = configs.get(SERVICE);
    deadLetters = new DeadLetters(service == null ? "scheduler-service" : service.toString(), clock);
    serializer = new AvroSerializer<>();
    serializer.configure(configs, false);
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
      ConsumerRecord<byte[], byte[]> record, Exception exception) {
    DeadLetter letter = deadLetters.forRecord(record, record.value(), exception, 1);
    return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(record.topic(), record.key(), letter)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
      Exception exception) {
    if (context.topic() == null) {
      log.error("Processing failed outside any input record (processor {}): {}", context.processorNodeId(),
          DeadLetters.reason(exception));
      return ProcessingExceptionHandler.Response.resume();
    }
    DeadLetter letter = deadLetters.builder(context.topic(), text(context.sourceRawKey()), context.sourceRawValue(),
            DeadLetters.FORMAT_AVRO, exception)
        .setPartition(context.partition())
        .setOffset(context.offset())
        .build();
    return ProcessingExceptionHandler.Response.resume(List.of(
        deadLetter(context.topic(), context.sourceRawKey(), letter)));
  }

  private ProducerRecord<byte[], byte[]> deadLetter(String topic, byte[] key, DeadLetter letter) {
    String target = naming == null ? topic + ".dlq"
        : naming.find(topic).filter(spec -> spec.deadLetter().isPresent()).map(naming::deadLetterName)
            .orElse(topic + ".dlq");
    log.warn("Record {}-{}@{} dead-lettered to {}: {}", topic, letter.getPartition(), letter.getOffset(), target,
        letter.getReason());
    return new ProducerRecord<>(target, key, serializer.serialize(target, letter));
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
