package org.contactability.waitlist.adapters.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * traced back to the catalogue topic that fed them.
 */
public final class DeadLetterRouter {

  /** Streams configuration key under which the router instance is handed to {@link DeadLetterHandler}. */
  public static final String CONFIG_KEY = "waitlist.dead-letter-router";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterRouter.class);

  private final TopicNaming naming;
  private final DeadLetters deadLetters;
  private final Serializer<DeadLetter> serializer;
  private final Map<String, TopicSpec<?>> repartitionOrigins;
  private final MeterRegistry meters;

  /** @param repartitionOrigins repartition names (as given to {@code Repartitioned.as}) and the topic they copy */
  public DeadLetterRouter(TopicNaming naming, DeadLetters deadLetters, Serializer<DeadLetter> serializer,
      Map<String, TopicSpec<?>> repartitionOrigins, MeterRegistry meters) {
    this.naming = naming;
    this.deadLetters = deadLetters;
    this.serializer = serializer;
    this.repartitionOrigins = Map.copyOf(repartitionOrigins);
    this.meters = meters;
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
