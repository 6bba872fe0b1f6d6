package org.contactability.hisconnector.adapters.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.contactability.common.kafka.ConsumerDeadLetters;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.his.HisCommand;
import org.contactability.contracts.his.HisCommandResult;
import org.contactability.hisconnector.application.CommandWriteback;
import org.contactability.hisconnector.application.TransientHisException;
import org.contactability.schemas.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code his.commands} one record at a time, applies each through {@link CommandWriteback},
 * publishes its result on {@code his.command.results} and only then commits the record's offset:
 * a crash in between replays the command, which the writeback answers as already applied.
 *
 * <p>Before the first command it runs {@code prepare} (the platform schema's migration), retrying
 * while the database is unreachable. Transient database failures are retried with exponential backoff; when the attempts run out,
 * or the command cannot be read or applied at all, it goes to {@code his.commands.dlq} with the
 * reason and the consumer moves on.
 */
public final class CommandConsumer {

  private static final Logger log = LoggerFactory.getLogger(CommandConsumer.class);

  private final Supplier<Consumer<String, byte[]>> consumers;
  private final Producer<String, byte[]> producer;
  private final CommandTopics topics;
  private final CommandWriteback writeback;
  private final ConsumerDeadLetters deadLetters;
  private final RetryConfig retryConfig;
  private final MeterRegistry meters;
  private final Runnable prepare;
  private final IntervalFunction prepareBackoff;
  /** How long a result or dead letter may take to be acknowledged. */
  public static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
  private final Duration brokerBackoff = Duration.ofSeconds(2);

  private volatile boolean running;
  private volatile Consumer<String, byte[]> consumer;
  private Thread thread;

  /** Names and serdes of the topics the consumer reads and writes. */
  public record CommandTopics(String commands, String results, Deserializer<HisCommand> commandDeserializer,
      Serializer<HisCommandResult> resultSerializer) {
  }

  /** @param deadLetters parks on his.commands.dlq the commands that cannot be read or applied */
  public CommandConsumer(Supplier<Consumer<String, byte[]>> consumers, Producer<String, byte[]> producer,
      CommandTopics topics, CommandWriteback writeback, ConsumerDeadLetters deadLetters, int maxAttempts,
      IntervalFunction backoff, MeterRegistry meters, Runnable prepare) {
    this.consumers = consumers;
    this.producer = producer;
    this.topics = topics;
    this.writeback = writeback;
    this.deadLetters = deadLetters;
    this.retryConfig = RetryConfig.custom()
        .maxAttempts(maxAttempts)
        .intervalFunction(backoff)
        .retryExceptions(TransientHisException.class)
        .build();
    this.meters = meters;
    this.prepare = prepare;
    this.prepareBackoff = backoff;
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "writeback-commands");
    thread.setDaemon(true);
    thread.start();
  }

  public synchronized void stop() {
    if (thread == null) {
      return;
    }
    running = false;
    Consumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
      if (thread.isAlive()) {
        // Ends a backoff pause; the command being retried is not committed and comes again.
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread = null;
  }

  public boolean isRunning() {
    return thread != null;
  }

  private void run() {
    if (!prepared()) {
      return;
    }
    try (Consumer<String, byte[]> polling = consumers.get()) {
      consumer = polling;
      polling.subscribe(List.of(topics.commands()));
      while (running) {
        ConsumerRecords<String, byte[]> records = polling.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, byte[]> record : records) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          try {
            if (!running || !process(record)) {
              return;
            }
            polling.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
          } catch (KafkaException | PublishFailedException brokerTrouble) {
            if (brokerTrouble instanceof WakeupException) {
              throw brokerTrouble;
            }
            // Settled in the HIS but not acknowledged on Kafka: read it again once the broker is back;
            // the writeback then answers ALREADY_APPLIED.
            log.warn("Writeback could not reach Kafka for command at {}@{}: {}; retrying", partition, record.offset(),
                brokerTrouble.getMessage());
            polling.seek(partition, record.offset());
            if (!pause(brokerBackoff)) {
              return;
            }
            break;
          }
        }
      }
    } catch (WakeupException stopping) {
      // stop() woke the consumer up
    } catch (RuntimeException e) {
      log.error("Writeback consumer stopped: {}", DeadLetters.reason(e));
    } finally {
      consumer = null;
    }
  }

  private boolean prepared() {
    for (int attempt = 1; running; attempt++) {
      try {
        prepare.run();
        return true;
      } catch (RuntimeException e) {
        long delay = prepareBackoff.apply(attempt);
        log.warn("Writeback cannot prepare the HIS database yet ({}); trying again in {} ms",
            e.getClass().getSimpleName(), delay);
        if (!pause(Duration.ofMillis(delay))) {
          return false;
        }
      }
    }
    return false;
  }

  /** Handles one record; false when interrupted by a stop before it was settled (it is not committed). */
  private boolean process(ConsumerRecord<String, byte[]> record) {
    HisCommand command;
    try {
      if (record.value() == null) {
        throw new IllegalArgumentException("the record has no value (a tombstone is no command)");
      }
      command = topics.commandDeserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException unreadable) {
      deadLetter(record, "unknown", new IllegalArgumentException(
          "Command cannot be read: " + DeadLetters.reason(unreadable), null), 1);
      return true;
    }
    String type = command.getCommand().getClass().getSimpleName();
    AtomicInteger attempts = new AtomicInteger();
    Retry retry = Retry.of("writeback", retryConfig);
    try {
      HisCommandResult result = Retry.decorateSupplier(retry, () -> {
        attempts.incrementAndGet();
        return writeback.apply(command);
      }).get();
      send(topics.results(), record.key(), topics.resultSerializer().serialize(topics.results(), result));
      counter(type, result.getOutcome().name()).increment();
      log.info("Command {} ({}) for key {}: {}{}", command.getCommandId(), type, record.key(), result.getOutcome(),
          result.getReason() == null ? "" : " - " + result.getReason());
      return true;
    } catch (TransientHisException exhausted) {
      if (!running || Thread.currentThread().isInterrupted()) {
        return false;
      }
      deadLetter(record, type, new IllegalStateException("HIS database unavailable after " + attempts.get()
          + " attempts: " + exhausted.getMessage(), null), attempts.get());
      return true;
    } catch (PublishFailedException brokerTrouble) {
      throw brokerTrouble;
    } catch (RuntimeException failed) {
      deadLetter(record, type, failed, Math.max(1, attempts.get()));
      return true;
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, String type, RuntimeException cause, int attempts) {
    try {
      deadLetters.park(Topics.HIS_COMMANDS, record, cause, attempts);
    } catch (KafkaException e) {
      throw new PublishFailedException("could not park the command: " + e.getMessage(), e);
    }
    counter(type, "DEAD_LETTERED").increment();
  }

  private void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishFailedException("interrupted while publishing to " + topic, e);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new PublishFailedException("could not publish to " + topic + ": " + e.getMessage(), e);
    }
  }

  private boolean pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A result or dead letter could not be published; the command is read again later. */
  private static final class PublishFailedException extends RuntimeException {

    PublishFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private Counter counter(String type, String outcome) {
    return Counter.builder("contactability.writeback.commands")
        .description("HIS commands processed, by type and outcome")
        .tag("type", type).tag("outcome", outcome)
        .register(meters);
  }
}
