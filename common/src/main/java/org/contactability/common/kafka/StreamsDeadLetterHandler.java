package org.contactability.common.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' hook for records that cannot be read (deserialization) or processed (an exception in a
 * processor): they are parked as {@link StreamsDeadLetters} says and the stream keeps flowing. Kafka
 * Streams creates this class by name; the application's {@link StreamsDeadLetters} comes through the
 * settings ({@link StreamsDeadLetters#settings()}).
 */
public final class StreamsDeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  private StreamsDeadLetters letters;

  @Override
  public void configure(Map<String, ?> configs) {
    Object configured = configs.get(StreamsDeadLetters.CONFIG);
    if (!(configured instanceof StreamsDeadLetters instance)) {
      throw new ConfigException(StreamsDeadLetters.CONFIG, configured,
          "the application's StreamsDeadLetters instance must be in its Streams settings");
    }
    this.letters = instance;
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
      ConsumerRecord<byte[], byte[]> record, Exception exception) {
    return DeserializationExceptionHandler.Response.resume(
        letters.park(context, record.key(), record.value(), exception));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
      Exception exception) {
    return ProcessingExceptionHandler.Response.resume(
        letters.park(context, context.sourceRawKey(), context.sourceRawValue(), exception));
  }
}
