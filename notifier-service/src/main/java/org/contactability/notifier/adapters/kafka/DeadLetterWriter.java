package org.contactability.notifier.adapters.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;

/** Parks a record on its topic's dead-letter topic with the reason, original bytes and coordinates. */
public final class DeadLetterWriter {

  private final RecordWriter writer;
  private final DeadLetters deadLetters;
  private final TopicNaming naming;
  private final MeterRegistry meters;

  public DeadLetterWriter(RecordWriter writer, DeadLetters deadLetters, TopicNaming naming, MeterRegistry meters) {
    this.writer = writer;
    this.deadLetters = deadLetters;
    this.naming = naming;
    this.meters = meters;
  }

  /** A record that could not be read. */
  public void park(TopicSpec<?> source, ConsumerRecord<String, byte[]> record, Throwable cause) {
    write(source, deadLetters.forRecord(record, record.value(), cause, 1));
  }

  /**
   * A record that could not be read by a consumer that reads its topic from the beginning at every start:
   * the letter's id is the record's position, so that the letter written again after a restart is the same.
   */
  public void parkFollowed(TopicSpec<?> source, ConsumerRecord<String, byte[]> record, Throwable cause) {
    DeadLetter letter = deadLetters.forRecord(record, record.value(), cause, 1);
    write(source, DeadLetter.newBuilder(letter)
        .setId(letter.getService() + ":" + record.topic() + "-" + record.partition() + "@" + record.offset()).build());
  }

  /** A record that was read but given up, for a reason the handler stated. */
  public void park(TopicSpec<?> source, ConsumerRecord<String, byte[]> record, String reason, String errorType,
      int attempts) {
    DeadLetter letter = DeadLetter.newBuilder(deadLetters.forRecord(record, record.value(), new GivenUp(reason), attempts))
        .setErrorType(errorType)
        .build();
    write(source, letter);
  }

  private void write(TopicSpec<?> source, DeadLetter letter) {
    writer.writeTo(naming.deadLetterName(source), DeadLetter.class, letter.getKey(), letter);
    // Tagged by the catalogue's topic name, as the other services tag theirs.
    Counter.builder("contactability.notifier.dead.letters").description("Records parked on a dead-letter topic")
        .tag("topic", source.name()).register(meters).increment();
  }

  /** Carries the handler's reason into {@link DeadLetters}, which reads reasons from exceptions. */
  private static final class GivenUp extends RuntimeException {
    GivenUp(String reason) {
      super(reason, null, false, false);
    }
  }
}
