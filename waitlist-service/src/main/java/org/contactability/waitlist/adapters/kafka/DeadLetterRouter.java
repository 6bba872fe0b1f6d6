package org.contactability.waitlist.adapters.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Builds the dead-letter record of a record the topology could not use, for the dead-letter topic
 * of the catalogue topic it came from. Records read from the topology's own repartition topics are
 * traced back to the catalogue topic that fed them. Records read into a global store are written at
 * once by a producer of the router's own: Kafka Streams cannot write from its global thread (4.2 fails
 * with a ClassCastException that stops the whole application, KAFKA-19939), and the global thread
 * commits nothing that a transaction could join anyway.
 */
public final class DeadLetterRouter implements AutoCloseable {

  /** Streams configuration key under which the router instance is handed to {@link DeadLetterHandler}. */
  public static final String CONFIG_KEY = "waitlist.dead-letter-router";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRouter.class);
  private static final long SEND_TIMEOUT_SECONDS = 10;

  private final TopicNaming naming;
  private final DeadLetters deadLetters;
  private final Serializer<DeadLetter> serializer;
  private final Map<String, TopicSpec<?>> repartitionOrigins;
  private final Set<String> globalSources;
  private final Producer<byte[], byte[]> globalDeadLetters;
  private final MeterRegistry meters;

  /**
   * @param repartitionOrigins repartition names (as given to {@code Repartitioned.as}) and the topic they copy
   * @param globalSources      the catalogue topics read into global stores
   * @param globalDeadLetters  writes the dead letters of those; the router closes it
   */
  public DeadLetterRouter(TopicNaming naming, DeadLetters deadLetters, Serializer<DeadLetter> serializer,
      Map<String, TopicSpec<?>> repartitionOrigins, Collection<TopicSpec<?>> globalSources,
      Producer<byte[], byte[]> globalDeadLetters, MeterRegistry meters) {
    this.naming = naming;
    this.deadLetters = deadLetters;
    this.serializer = serializer;
    this.repartitionOrigins = Map.copyOf(repartitionOrigins);
    this.globalSources = globalSources.stream().map(naming::name).collect(Collectors.toUnmodifiableSet());
    this.globalDeadLetters = globalDeadLetters;
    this.meters = meters;
  }

  /** Whether the record was read into a global store (its dead letter cannot go with the task's output). */
  boolean readIntoGlobalStore(ErrorHandlerContext context) {
    return globalSources.contains(context.topic());
  }

  /**
   * Writes the dead letters of a record read into a global store, and waits for the broker. A global store
   * built afresh reads its topic from the beginning again: the letter's id is the record's position, so that
   * the copy written then is recognisably the same letter.
   */
  void writeNow(List<ProducerRecord<byte[], byte[]>> letters) {
    for (ProducerRecord<byte[], byte[]> letter : letters) {
      try {
        globalDeadLetters.send(letter).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        log.error("Could not write a dead letter to {}: {}", letter.topic(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    globalDeadLetters.close();
  }

  List<ProducerRecord<byte[], byte[]>> deadLetters(ErrorHandlerContext context, byte[] rawKey, byte[] rawValue,
      Exception cause) {
    Optional<TopicSpec<?>> direct = naming.find(context.topic());
    Optional<TopicSpec<?>> origin = direct.or(() -> repartitionOrigins.entrySet().stream()
        .filter(e -> context.topic() != null && context.topic().endsWith("-" + e.getKey() + "-repartition"))
        .<TopicSpec<?>>map(Map.Entry::getValue).findFirst());
    if (origin.isEmpty() || origin.get().deadLetter().isEmpty()) {
      log.error("Record at {}-{}@{} could not be processed and has no dead-letter topic: {}", context.topic(),
          context.partition(), context.offset(), DeadLetters.reason(cause));
      return List.of();
    }
    String key = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
    DeadLetter.Builder letter = deadLetters.builder(naming.name(origin.get()), key, rawValue,
        DeadLetters.FORMAT_AVRO, cause).setHeaders(textHeaders(context));
    if (direct.isPresent()) {
      letter.setPartition(context.partition()).setOffset(context.offset());
    }
    if (readIntoGlobalStore(context)) {
      letter.setId(letter.getService() + ":" + context.topic() + "-" + context.partition() + "@" + context.offset());
    }
    String topic = naming.deadLetterName(origin.get());
    DeadLetter built = letter.build();
    log.warn("Dead-lettered a record of {} to {}: {}", built.getTopic(), topic, built.getReason());
    Counter.builder("contactability.waitlist.dead.letters").description("Records parked on a dead-letter topic")
        .tag("topic", origin.get().name()).register(meters).increment();
    return List.of(new ProducerRecord<>(topic, rawKey, serializer.serialize(topic, built)));
  }

  private static Map<String, String> textHeaders(ErrorHandlerContext context) {
    Map<String, String> headers = new HashMap<>();
    if (context.headers() != null) {
      for (Header header : context.headers()) {
        if (header.value() != null) {
          headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
      }
    }
    return headers;
  }
}
