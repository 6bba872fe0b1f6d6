package org.contactability.common.privacy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.contactability.common.privacy.DataKeyRing;
import org.contactability.common.privacy.EnvelopeCipher;
import org.contactability.common.privacy.KafkaKeyLog;
import org.contactability.common.privacy.KeyEncryptionKeys;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.kms.LocalKeysetKeks;
import org.contactability.contracts.privacy.DataKey;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serde;

/** The real envelope cipher for tests: on an in-memory key log, or on the test broker's privacy.keys. */
public final class TestCiphers {

  private TestCiphers() {
  }

  /** A ring and its cipher on {@code log}, with a KEK in a fresh temporary file. */
  public static Attached inMemory(InMemoryKeyLog log) {
    return attach(log, freshKek());
  }

  /** Another ring on the same log and KEK: what a second service would see. */
  public static Attached attach(InMemoryKeyLog log, KeyEncryptionKeys keks) {
    DataKeyRing ring = new DataKeyRing(keks, log, Clock.systemUTC(), Duration.ofMillis(200), 1000);
    log.attach(ring::apply);
    return new Attached(ring, new EnvelopeCipher(ring), keks, null);
  }

  /** A cipher on a broker's privacy.keys with the KEKs {@code keks} (an embedded platform's keyset file, say). */
  public static Attached onBroker(String bootstrapServers, String registryUrl, TopicNaming naming,
      KeyEncryptionKeys keks) {
    Serde<DataKey> serde = new AvroSerdes(Map.of("schema.registry.url", registryUrl)).forValues(Topics.PRIVACY_KEYS);
    Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrapServers);
    KafkaKeyLog log = new KafkaKeyLog(naming.name(Topics.PRIVACY_KEYS), kafka, kafka, serde.serializer(),
        serde.deserializer());
    DataKeyRing ring = new DataKeyRing(keks, log, Clock.systemUTC(), Duration.ofSeconds(10), 1000);
    log.start(ring::apply, Duration.ofSeconds(60));
    return new Attached(ring, new EnvelopeCipher(ring), keks, log);
  }

  public static KeyEncryptionKeys freshKek() {
    try {
      Path directory = Files.createTempDirectory("kek");
      return LocalKeysetKeks.open(directory.resolve("kek.json"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A ring, its cipher, its KEKs, and the broker log to close when there is one. */
  public record Attached(DataKeyRing ring, PatientDataCipher cipher, KeyEncryptionKeys keks, KafkaKeyLog log)
      implements AutoCloseable {
    @Override
    public void close() {
      if (log != null) {
        log.close();
      }
    }
  }
}
