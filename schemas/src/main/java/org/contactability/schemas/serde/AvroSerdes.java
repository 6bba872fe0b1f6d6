package org.contactability.schemas.serde;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.contactability.schemas.registry.SchemaRegistries;
import org.contactability.schemas.topics.TopicSpec;

/**
 * The one serde factory: every service asks it for the value serde of a catalogue topic. Which
 * implementation it builds is configuration: ours by default, or any class that reads Confluent's
 * settings, such as {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde}, named by
 * {@link #SERDE_CLASS}. Both write the same bytes.
 */
public final class AvroSerdes {

  /** Optional: fully qualified class of the value serde to use instead of {@link AvroSerde}. */
  public static final String SERDE_CLASS = "avro.serde.class";

  private final Map<String, Object> config;

  /** @param config serde settings: at least {@code schema.registry.url} (see {@link AvroSerdeConfig}) */
  public AvroSerdes(Map<String, ?> config) {
    this.config = Map.copyOf(config);
  }

  /** The value serde of {@code topic}, reading into its contract class. */
  public <V extends SpecificRecord> Serde<V> forValues(TopicSpec<V> topic) {
    return forValues(topic.valueType());
  }

  public <V extends SpecificRecord> Serde<V> forValues(Class<V> type) {
    Map<String, Object> settings = new HashMap<>(config);
    settings.put(AvroSerdeConfig.SPECIFIC_VALUE_TYPE, type.getName());
    settings.putIfAbsent(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
    Serde<V> serde = instantiate();
    serde.configure(settings, false);
    return serde;
  }

  /**
   * A reader of only {@code fields} of {@code type}'s records, which skips the rest undecoded (see
   * {@link AvroProjection}). It reads our wire format from the configured registry whichever serde class is set.
   */
  public AvroProjection projection(Class<? extends SpecificRecord> type, Set<String> fields) {
    AvroSerdeConfig settings = new AvroSerdeConfig(config);
    return new AvroProjection(SchemaRegistries.forUrl(settings.registryUrl(), settings.basicAuthUserInfo()),
        AvroProjection.of(SpecificData.getForClass(type).getSchema(type), fields));
  }

  /** The settings, for clients configured by properties ({@code value.serializer} and friends). */
  public Map<String, Object> config() {
    return config;
  }

  @SuppressWarnings("unchecked")
  private <V extends SpecificRecord> Serde<V> instantiate() {
    Object className = config.get(SERDE_CLASS);
    if (className == null || className.toString().isBlank()) {
      return new AvroSerde<>();
    }
    try {
      return (Serde<V>) Class.forName(className.toString(), true, Thread.currentThread().getContextClassLoader())
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(SERDE_CLASS + "=" + className + " is not a usable Serde class: " + e, e);
    }
  }
}
