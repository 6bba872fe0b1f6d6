package org.contactability.notifier.adapters.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.contactability.common.kafka.ConsumerDeadLetters;
import org.contactability.common.privacy.SealedValue;
import org.contactability.contracts.contact.Intent;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.notifier.application.RecipientPrivacy;
import org.contactability.notifier.application.Suppressions;
import org.contactability.notifier.domain.Recipients;
import org.contactability.schemas.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes opt-outs ("STOP", "BAJA": intent OPT_OUT) from patient.responses into the suppression list:
 * the sender's number is written to the compacted contact.suppressions, keyed by the blind index of its
 * E.164 form (never the number in clear), which outlives the 90 days patient.responses keeps answers.
 */
public final class OptOutRecorder implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(OptOutRecorder.class);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

  private final String topic;
  private final Supplier<Consumer<String, byte[]>> consumers;
  private final Deserializer<PatientResponse> deserializer;
  private final Recipients recipients;
  private final RecipientPrivacy privacy;
  private final Suppressions suppressions;
  private final RecordWriter writer;
  private final ConsumerDeadLetters deadLetters;
  private volatile boolean running = true;
  private volatile boolean alive;
  private volatile Consumer<String, byte[]> consumer;

  public OptOutRecorder(String topic, Supplier<Consumer<String, byte[]>> consumers,
      Deserializer<PatientResponse> deserializer, Recipients recipients, RecipientPrivacy privacy,
      Suppressions suppressions, RecordWriter writer, ConsumerDeadLetters deadLetters) {
    this.privacy = privacy;
    this.topic = topic;
    this.consumers = consumers;
    this.deserializer = deserializer;
    this.recipients = recipients;
    this.suppressions = suppressions;
    this.writer = writer;
    this.deadLetters = deadLetters;
  }

  @Override
  public void run() {
    alive = true;
    try (Consumer<String, byte[]> c = consumers.get()) {
      consumer = c;
      c.subscribe(List.of(topic));
      while (running) {
        ConsumerRecords<String, byte[]> records = ConsumerRecords.empty();
        Map<TopicPartition, Long> next = new HashMap<>();
        try {
          records = c.poll(POLL);
          for (ConsumerRecord<String, byte[]> record : records) {
            take(record);
            next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
          }
          if (!records.isEmpty()) {
            c.commitSync();
          }
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          log.warn("opt-out recorder: {}; reading the batch again", e.toString());
          for (TopicPartition partition : records.partitions()) {
            c.seek(partition, next.getOrDefault(partition, records.records(partition).get(0).offset()));
          }
          pause();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("opt-out recorder stopped: {}", e.toString(), e);
      throw e;
    } finally {
      alive = false;
    }
  }

  private void take(ConsumerRecord<String, byte[]> record) {
    PatientResponse response;
    try {
      response = record.value() == null ? null : deserializer.deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      deadLetters.park(Topics.PATIENT_RESPONSES, record, e, 1);
      return;
    }
    if (response == null || response.getIntent() != Intent.OPT_OUT) {
      return;
    }
    Optional<String> index = Optional.ofNullable(response.getFromIndex())
        // answers written before blind indexes carry the number in clear
        .or(() -> SealedValue.isSealed(response.getFrom()) ? Optional.empty()
            : recipients.normalisePhone(response.getFrom()).map(privacy::key));
    if (index.isEmpty()) {
      log.warn("opt-out {} has no valid sender number; nothing to suppress", response.getResponseId());
      return;
    }
    writer.write(Topics.CONTACT_SUPPRESSIONS, index.get(), response);
    suppressions.add(index.get());
    log.info("the sender of answer {} opted out of WhatsApp and SMS", response.getResponseId());
  }

  private void pause() {
    try {
      Thread.sleep(AFTER_FAILURE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  public void stop() {
    running = false;
    Consumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  public boolean alive() {
    return alive;
  }
}
