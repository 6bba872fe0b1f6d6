package org.contactability.platform;

import java.time.Clock;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.contactability.common.privacy.DataKeyRing;
import org.contactability.common.privacy.KafkaKeyLog;
import org.contactability.common.privacy.kms.LocalKeysetKeks;
import org.contactability.common.spring.PrivacyProperties;
import org.contactability.schemas.serde.AvroSerdeConfig;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The one ring of data keys that the embedded platform's services share (his-connector, notifier, response-service,
 * console): privacy.keys read once, every patient's wrapped key held once, one cache of opened keys. Each of those
 * services would otherwise read the whole log into a ring of its own, in the same JVM; with 100,000 patients the
 * four rings held 400,000 keys, a quarter or more of the live heap (docs/benchmarks.md, "speed8").
 *
 * <p>What a service does with its keys is unchanged: it is given this ring as its {@code dataKeyRing} bean, and its
 * own ring, key log and log reader are then not made ({@code PrivacyConfiguration}). An erasure through any service
 * destroys the keys in the log and in this ring at once, so every service sees it before the erasure returns.
 */
final class SharedKeyRing implements AutoCloseable {

  /** The bean name under which each service gets the ring. */
  static final String BEAN = "dataKeyRing";

  private final KafkaKeyLog log;
  private final DataKeyRing ring;

  private SharedKeyRing(KafkaKeyLog log, DataKeyRing ring) {
    this.log = log;
    this.ring = ring;
  }

  /**
   * Reads privacy.keys to its end and returns the ring; {@code properties} are the settings every service is given
   * ({@code contactability.privacy.*} among them, with the services' defaults for what they leave out).
   */
  static SharedKeyRing start(Map<String, Object> properties, String bootstrapServers, String registryUrl,
      TopicNaming naming, Clock clock) {
    PrivacyProperties privacy = new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("contactability.privacy", PrivacyProperties.class);
    if (privacy.kek().provider() != PrivacyProperties.Provider.LOCAL) {
      throw new IllegalArgumentException("the embedded platform keeps its KEK in a local keyset, not in "
          + privacy.kek().provider());
    }
    var serde = new AvroSerdes(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl))
        .forValues(Topics.PRIVACY_KEYS);
    KafkaKeyLog log = new KafkaKeyLog(naming.name(Topics.PRIVACY_KEYS), client(bootstrapServers, "writer"),
        client(bootstrapServers, "reader"), serde.serializer(), serde.deserializer());
    try {
      DataKeyRing ring = new DataKeyRing(
          LocalKeysetKeks.open(privacy.kek().local().keysetFile(), privacy.kek().local().createIfMissing()), log,
          clock, privacy.keyWait(), privacy.openKeysKept());
      log.start(ring::apply, privacy.startTimeout());
      return new SharedKeyRing(log, ring);
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
  }

  private static Map<String, Object> client(String bootstrapServers, String role) {
    return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        CommonClientConfigs.CLIENT_ID_CONFIG, "platform-privacy-keys-" + role);
  }

  /** The singletons that give a service this ring. */
  Map<String, Object> beans() {
    return Map.of(BEAN, ring);
  }

  @Override
  public void close() {
    log.close();
  }
}
