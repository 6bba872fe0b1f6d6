package org.contactability.common.kafka;

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
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the records a Kafka Streams application cannot read or process go: the dead-letter topic of the
 * catalogue topic they came from, in the same transaction as the rest of the task's output, and the
 * stream keeps flowing. One instance per application, handed to {@link StreamsDeadLetterHandler} (which
 * Kafka Streams creates by class name) through the settings {@link #settings()} gives.
 *
 * <ul>
 *   <li>A record of one of the application's repartition topics is traced back to the catalogue topic that
 *       fed it ({@link Builder#repartitions}).</li>
 *   <li>A record read into a global store is written at once by a producer of its own
 *       ({@link Builder#globalStores}): Kafka Streams cannot send a handler's records from its global
 *       thread (4.2 fails with a ClassCastException that stops the whole application, KAFKA-19939), and
 *       that thread commits nothing a transaction could join anyway. Its id is its position, as a global
 *       store built afresh reads its topic again.</li>
 *   <li>A record of a topic read here only into a view, whose owner's consumers park it
 *       ({@link Builder#parkedByTheirOwners}), is skipped with a log line.</li>
 *   <li>A failure outside any input record (a punctuation), or on a topic without a dead-letter topic,
 *       is logged and skipped.</li>
 * </ul>
 */
public final class StreamsDeadLetters implements AutoCloseable {

  /** Streams settings key under which the instance is handed to {@link StreamsDeadLetterHandler}. */
  public static final String CONFIG = "contactability.dead-letters";

  private static final Logger log = LoggerFactory.getLogger(StreamsDeadLetters.class);
  private static final long SEND_TIMEOUT_SECONDS = 10;

  private final DeadLetters letters;
  private final TopicNaming naming;
  private final Serializer<DeadLetter> serializer;
  private final Map<String, TopicSpec<?>> repartitions;
  private final Set<String> globalSources;
  private final Producer<byte[], byte[]> globalProducer;
  private final Set<String> parkedElsewhere;

  private StreamsDeadLetters(Builder builder) {
    this.letters = builder.letters;
    this.naming = builder.letters.naming();
    this.serializer = builder.serializer;
    this.repartitions = Map.copyOf(builder.repartitions);
    this.globalSources = builder.globalSources.stream().map(naming::name).collect(Collectors.toUnmodifiableSet());
    this.globalProducer = builder.globalProducer;
    this.parkedElsewhere = builder.parkedElsewhere.stream().map(naming::name)
        .collect(Collectors.toUnmodifiableSet());
  }

  public static Builder builder(DeadLetters letters, Serializer<DeadLetter> serializer) {
    return new Builder(letters, serializer);
  }

  /** The Streams settings that make the application park through this instance. */
  public Map<String, Object> settings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsDeadLetterHandler.class);
    settings.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, StreamsDeadLetterHandler.class);
    settings.put(CONFIG, this);
    return settings;
  }

  /** The dead letters of a record that cannot be used, for Kafka Streams to write with the task's output. */
  List<ProducerRecord<byte[], byte[]>> park(ErrorHandlerContext context, byte[] rawKey, byte[] rawValue,
      Exception cause) {
    String topic = context.topic();
    if (topic == null) {
      log.error("Processing failed outside any input record (processor {}): {}", context.processorNodeId(),
          DeadLetters.reason(cause));
      return List.of();
    }
    if (parkedElsewhere.contains(topic)) {
      log.warn("Skipped a record of {} ({}@{}) that cannot be used here; its owner's consumers park it: {}", topic,
          context.partition(), context.offset(), DeadLetters.reason(cause));
      return List.of();
    }
    Optional<TopicSpec<?>> direct = naming.find(topic);
    Optional<TopicSpec<?>> origin = direct.or(() -> repartitions.entrySet().stream()
        .filter(e -> topic.endsWith("-" + e.getKey() + "-repartition"))
        .<TopicSpec<?>>map(Map.Entry::getValue).findFirst());
    if (origin.isEmpty() || origin.get().deadLetter().isEmpty()) {
      log.error("Record at {}-{}@{} could not be used and has no dead-letter topic: {}", topic, context.partition(),
          context.offset(), DeadLetters.reason(cause));
      return List.of();
    }
    DeadLetter.Builder letter = letters.builder(origin.get(), DeadLetters.keyText(rawKey), rawValue,
        DeadLetters.FORMAT_AVRO, cause).setHeaders(DeadLetters.textHeaders(context.headers()));
    if (direct.isPresent()) {
      letter.setPartition(context.partition()).setOffset(context.offset());
    }
    boolean global = globalSources.contains(topic);
    if (global) {
      letter.setId(letters.positionId(topic, context.partition(), context.offset()));
    }
    String deadLetterTopic = letters.topicOf(origin.get());
    DeadLetter built = letter.build();
    log.warn("Dead-lettered a record of {} ({}@{}) to {}: {}", topic, context.partition(), context.offset(),
        deadLetterTopic, built.getReason());
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(deadLetterTopic, rawKey,
        serializer.serialize(deadLetterTopic, built));
    if (global) {
      writeNow(record);
      return List.of();
    }
    return List.of(record);
  }

  /** Writes a global store's letter and waits for the broker. */
  private void writeNow(ProducerRecord<byte[], byte[]> letter) {
    try {
      globalProducer.send(letter).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.error("Could not write a dead letter to {}: {}", letter.topic(), e.toString());
    }
  }

  @Override
  public void close() {
    if (globalProducer != null) {
      globalProducer.close();
    }
  }

  public static final class Builder {

    private final DeadLetters letters;
    private final Serializer<DeadLetter> serializer;
    private Map<String, TopicSpec<?>> repartitions = Map.of();
    private Collection<TopicSpec<?>> globalSources = List.of();
    private Producer<byte[], byte[]> globalProducer;
    private Collection<TopicSpec<?>> parkedElsewhere = List.of();

    private Builder(DeadLetters letters, Serializer<DeadLetter> serializer) {
      this.letters = letters;
      this.serializer = serializer;
    }

    /** @param repartitions repartition names (as given to {@code Repartitioned.as}) and the catalogue topic each copies */
    public Builder repartitions(Map<String, TopicSpec<?>> repartitions) {
      this.repartitions = repartitions;
      return this;
    }

    /**
     * @param sources  the catalogue topics read whole into global stores
     * @param producer writes their letters at once; closed with this instance
     */
    public Builder globalStores(Collection<TopicSpec<?>> sources, Producer<byte[], byte[]> producer) {
      this.globalSources = sources;
      this.globalProducer = producer;
      return this;
    }

    /** Topics read here only into views: their owners park what cannot be read, this application skips it. */
    public Builder parkedByTheirOwners(Collection<TopicSpec<?>> topics) {
      this.parkedElsewhere = topics;
      return this;
    }

    public StreamsDeadLetters build() {
      return new StreamsDeadLetters(this);
    }
  }
}
