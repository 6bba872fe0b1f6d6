package org.contactability.common.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.topics.TopicSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks the records a plain consumer (not Kafka Streams) cannot read or use on the dead-letter topic of
 * their catalogue topic, with the reason, the original bytes and coordinates, and waits for the broker's
 * acknowledgement: the caller commits the record's offset only after this returns.
 */
public final class ConsumerDeadLetters {

  private static final Logger log = LoggerFactory.getLogger(ConsumerDeadLetters.class);

  private final DeadLetters letters;
  private final Serializer<DeadLetter> serializer;
  private final Producer<String, byte[]> producer;
  private final Duration timeout;

  /** @param timeout how long to wait for the broker's acknowledgement of a letter */
  public ConsumerDeadLetters(DeadLetters letters, Serializer<DeadLetter> serializer, Producer<String, byte[]> producer,
      Duration timeout) {
    this.letters = letters;
    this.serializer = serializer;
    this.producer = producer;
    this.timeout = timeout;
  }

  /**
   * A record of {@code source} that could not be read or used.
   *
   * @param attempts how many times it was tried
   * @throws KafkaException when the broker did not take the letter in time (read the record again)
   */
  public void park(TopicSpec<?> source, ConsumerRecord<String, byte[]> record, Throwable cause, int attempts) {
    write(source, record, letters.forRecord(source, record, record.value(), cause, attempts));
  }

  /**
   * A record that was read but given up, for a reason the caller states.
   *
   * @param errorType the category of failure, for operators and the console
   * @throws KafkaException when the broker did not take the letter in time (read the record again)
   */
  public void park(TopicSpec<?> source, ConsumerRecord<String, byte[]> record, String reason, String errorType,
      int attempts) {
    DeadLetter letter = letters.forRecord(source, record, record.value(), new GivenUp(reason), attempts);
    write(source, record, DeadLetter.newBuilder(letter).setErrorType(errorType).build());
  }

  /**
   * A record that could not be read by a consumer that reads its topic from the beginning at every start:
   * the letter's id is the record's position, so that the letter written again after a restart is the same.
   *
   * @throws KafkaException when the broker did not take the letter in time
   */
  public void parkFollowed(TopicSpec<?> source, ConsumerRecord<String, byte[]> record, Throwable cause) {
    DeadLetter letter = letters.forRecord(source, record, record.value(), cause, 1);
    write(source, record, DeadLetter.newBuilder(letter)
        .setId(letters.positionId(record.topic(), record.partition(), record.offset())).build());
  }

  private void write(TopicSpec<?> source, ConsumerRecord<String, byte[]> record, DeadLetter letter) {
    String topic = letters.topicOf(source);
    try {
      producer.send(new ProducerRecord<>(topic, record.key(), serializer.serialize(topic, letter)))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("could not write to " + topic + " within " + timeout + ": " + e.getMessage(), e);
    }
    log.warn("Dead-lettered a record of {} ({}@{}) to {}: {}", record.topic(), record.partition(), record.offset(),
        topic, letter.getReason());
  }

  /** Carries the caller's reason into {@link DeadLetters}, which reads reasons from exceptions. */
  private static final class GivenUp extends RuntimeException {
    GivenUp(String reason) {
      super(reason, null, false, false);
    }
  }
}
