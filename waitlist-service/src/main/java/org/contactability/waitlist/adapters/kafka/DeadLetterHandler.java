package org.contactability.waitlist.adapters.kafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' hook for records that cannot be read or processed: they go to the dead-letter
 * topic of their source, in the same transaction as the rest of the task's output (records of global
 * stores: written at once, see {@link DeadLetterRouter}), and the stream keeps flowing.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  private DeadLetterRouter router;

  @Override
  public void configure(Map<String, ?> configs) {
    Object configured = configs.get(DeadLetterRouter.CONFIG_KEY);
    if (!(configured instanceof DeadLetterRouter instance)) {
      throw new ConfigException(DeadLetterRouter.CONFIG_KEY, configured,
          "the waitlist topology needs its DeadLetterRouter instance in the streams configuration");
    }
    this.router = instance;
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
      ConsumerRecord<byte[], byte[]> record, Exception exception) {
    List<ProducerRecord<byte[], byte[]>> letters = router.deadLetters(context, record.key(), record.value(), exception);
    if (router.readIntoGlobalStore(context)) {
      router.writeNow(letters);
      return DeserializationExceptionHandler.Response.resume(List.of());
    }
    return DeserializationExceptionHandler.Response.resume(letters);
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
      Exception exception) {
    return ProcessingExceptionHandler.Response.resume(
        router.deadLetters(context, context.sourceRawKey(), context.sourceRawValue(), exception));
  }
}
