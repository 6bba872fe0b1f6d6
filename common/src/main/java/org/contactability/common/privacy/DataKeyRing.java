package org.contactability.common.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import org.contactability.contracts.privacy.DataKey;
import org.contactability.contracts.privacy.DataKeyKind;

/**
 * The data keys this service knows, as read from the {@link KeyLog}: every key's wrapped keyset and subject, the keys
 * opened so far (a bounded cache, so that the KMS is asked once per key and not once per value; a key made here is
 * kept opened from the start), and the blind-index key. Makes keys for new subjects, erases subjects, and wraps keys
 * again after the KEK was rotated.
 *
 * <p>Keys are never replaced: a key id is random and written once, so two services that make a key for the same subject
 * at the same moment both keep theirs (values name their key) and nothing sealed is ever lost to a race. Erasure
 * overwrites each key of the subject with a record without key material, under the same key id, so that compaction
 * removes the old record.
 */
public final class DataKeyRing {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder KEY_IDS = Base64.getUrlEncoder().withoutPadding();

  static {
    try {
      AeadConfig.register();
      PrfConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** One key as the log last had it. */
  private record Entry(DataKey key) {
    boolean erased() {
      return key.getErasedAt() != null || key.getWrappedKeyset() == null;
    }
  }

  private final KeyEncryptionKeys keks;
  private final KeyLog keyLog;
  private final Clock clock;
  private final Duration keyWait;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, List<String>> keysOfSubject = new ConcurrentHashMap<>();
  private final Set<String> erasedSubjects = ConcurrentHashMap.newKeySet();
  /** Blind-index keys in the order the log holds them: the first one is the one in use everywhere. */
  private final List<String> blindIndexKeys = new CopyOnWriteArrayList<>();
  private final Map<String, Aead> opened;
  private final Object changes = new Object();
  private volatile PrfSet blindIndex;

  public DataKeyRing(KeyEncryptionKeys keks, KeyLog log, Clock clock, Duration keyWait, int openKeysKept) {
    this.keks = keks;
    this.keyLog = log;
    this.clock = clock;
    this.keyWait = keyWait;
    this.opened = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Aead> eldest) {
        return size() > openKeysKept;
      }
    });
  }

  /** Takes one record of the log into the ring (the log's reader calls it in log order; repeats are harmless). */
  public void apply(DataKey key) {
    String keyId = key.getKeyId().toString();
    String subject = key.getSubject().toString();
    Entry entry = new Entry(key);
    synchronized (changes) {
      Entry before = entries.put(keyId, entry);
      if (key.getKind() == DataKeyKind.BLIND_INDEX) {
        if (before == null && !entry.erased()) {
          blindIndexKeys.add(keyId);
        }
      } else if (before == null) {
        keysOfSubject.computeIfAbsent(subject, s -> new CopyOnWriteArrayList<>()).add(keyId);
      }
      if (entry.erased()) {
        opened.remove(keyId);
        if (key.getKind() == DataKeyKind.DATA) {
          erasedSubjects.add(subject);
        }
      }
      changes.notifyAll();
    }
  }

  /** The id of the data key of {@code subject}, made (and written to the log) when it has none yet. */
  public String keyIdFor(String subject) {
    if (erasedSubjects.contains(subject)) {
      throw new UnreadablePatientData(UnreadablePatientData.Reason.ERASED, "the subject was erased");
    }
    List<String> keys = keysOfSubject.get(subject);
    if (keys != null) {
      for (String keyId : keys) {
        if (!entries.get(keyId).erased()) {
          return keyId;
        }
      }
    }
    synchronized (changes) {
      List<String> again = keysOfSubject.get(subject);
      if (again != null && !again.isEmpty()) {
        return keyIdFor(subject);
      }
      KeysetHandle keyset = generate(PredefinedAeadParameters.AES256_GCM);
      DataKey key = newKey(subject, DataKeyKind.DATA, keyset);
      keyLog.append(key);
      apply(key);
      // Kept opened from the keyset in hand: unwrapping what was just wrapped cost a KEK call per new patient.
      try {
        opened.put(key.getKeyId().toString(), keyset.getPrimitive(RegistryConfiguration.get(), Aead.class));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Could not open a data key just made: " + e.getMessage(), e);
      }
      return key.getKeyId().toString();
    }
  }

  /** The opened data key {@code keyId}, waiting up to the key wait for a key this service has not read yet. */
  public Aead aead(String keyId) {
    Aead aead = opened.get(keyId);
    if (aead != null) {
      return aead;
    }
    Entry entry = awaitEntry(keyId);
    if (entry.erased()) {
      throw new UnreadablePatientData(UnreadablePatientData.Reason.ERASED, "the patient was erased");
    }
    try {
      aead = unwrap(entry.key()).getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new UnreadablePatientData(UnreadablePatientData.Reason.DAMAGED,
          "data key " + keyId + " cannot be unwrapped with KEK " + entry.key().getKek() + ": " + e.getMessage());
    }
    opened.put(keyId, aead);
    return aead;
  }

  /** Whether {@code subject} was erased. */
  public boolean erased(String subject) {
    return erasedSubjects.contains(subject);
  }

  /**
   * Destroys every data key of {@code subject}: each is overwritten in the log with a record without key material, and
   * dropped here. A subject without keys gets a marker all the same, so that no service makes one for it later.
   * Returns the number of keys destroyed.
   */
  public int erase(String subject) {
    synchronized (changes) {
      List<DataKey> erasures = new ArrayList<>();
      for (String keyId : keysOfSubject.getOrDefault(subject, List.of())) {
        DataKey key = entries.get(keyId).key();
        if (key.getErasedAt() == null) {
          erasures.add(erasedCopy(key));
        }
      }
      int destroyed = erasures.size();
      if (erasures.isEmpty() && !erasedSubjects.contains(subject)) {
        erasures.add(erasedCopy(newMarker(subject)));
      }
      erasures.forEach(keyLog::append);
      keyLog.flush();
      erasures.forEach(this::apply);
      return destroyed;
    }
  }

  /**
   * Wraps again, with the primary KEK, every live key that an older KEK wrapped (after a rotation), and returns how many.
   * Erasure and re-wrapping take turns, so a key erased meanwhile is never written back.
   */
  public int rewrap() throws GeneralSecurityException {
    String primary = keks.primaryId();
    int rewrapped = 0;
    synchronized (changes) {
      for (Entry entry : List.copyOf(entries.values())) {
        DataKey key = entry.key();
        if (entry.erased() || primary.contentEquals(key.getKek())) {
          continue;
        }
        DataKey rewrappedKey = new DataKey(key.getKeyId(), key.getSubject(), key.getKind(),
            ByteBuffer.wrap(wrap(unwrap(key), key.getKeyId().toString(), key.getSubject().toString())), primary,
            key.getCreatedAt(), null);
        keyLog.append(rewrappedKey);
        apply(rewrappedKey);
        rewrapped++;
      }
      keyLog.flush();
    }
    return rewrapped;
  }

  /** How many live keys an older KEK than the primary still wraps (0 once a rotation is complete). */
  public long wrappedWithOlderKeks() {
    String primary = keks.primaryId();
    return entries.values().stream().filter(e -> !e.erased() && !primary.contentEquals(e.key().getKek())).count();
  }

  /**
   * The blind-index key, made when the log has none. Several services may make one at the same first start; each waits
   * until it has read its own back, and every service then uses the first in the log.
   */
  public PrfSet blindIndex() {
    PrfSet prf = blindIndex;
    if (prf != null) {
      return prf;
    }
    synchronized (this) {
      if (blindIndex == null) {
        if (blindIndexKeys.isEmpty()) {
          long position = keyLog.append(newKey(Subjects.BLIND_INDEX, DataKeyKind.BLIND_INDEX,
              generate(PredefinedPrfParameters.HMAC_SHA256_PRF))).join();
          try {
            if (!keyLog.awaitRead(position, keyWait.toMillis())) {
              throw new IllegalStateException("the blind-index key was written but not read back within " + keyWait);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the blind-index key back", e);
          }
        }
        try {
          blindIndex = unwrap(entries.get(blindIndexKeys.get(0)).key())
              .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("the blind-index key cannot be unwrapped: " + e.getMessage(), e);
        }
      }
      return blindIndex;
    }
  }

  /** Returns once every key written so far is durable in the log. */
  public void flush() {
    keyLog.flush();
  }

  /** Number of data keys known, erased ones included (for health details and tests). */
  public int size() {
    return entries.size();
  }

  private Entry awaitEntry(String keyId) {
    long deadline = System.nanoTime() + keyWait.toNanos();
    synchronized (changes) {
      Entry entry = entries.get(keyId);
      while (entry == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new UnreadablePatientData(UnreadablePatientData.Reason.KEY_UNKNOWN,
              "data key " + keyId + " is not in privacy.keys (waited " + keyWait + ")");
        }
        try {
          changes.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UnreadablePatientData(UnreadablePatientData.Reason.KEY_UNKNOWN, "interrupted waiting for a key");
        }
        entry = entries.get(keyId);
      }
      return entry;
    }
  }

  private static KeysetHandle generate(com.google.crypto.tink.Parameters parameters) {
    try {
      return KeysetHandle.generateNew(parameters);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not make a data key: " + e.getMessage(), e);
    }
  }

  private DataKey newKey(String subject, DataKeyKind kind, KeysetHandle keyset) {
    String keyId = newKeyId();
    try {
      return new DataKey(keyId, subject, kind, ByteBuffer.wrap(wrap(keyset, keyId, subject)), keks.primaryId(),
          clock.instant(), null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not wrap a data key: " + e.getMessage(), e);
    }
  }

  private DataKey newMarker(String subject) {
    return new DataKey(newKeyId(), subject, DataKeyKind.DATA, null, null, clock.instant(), null);
  }

  private DataKey erasedCopy(DataKey key) {
    return new DataKey(key.getKeyId(), key.getSubject(), key.getKind(), null, null, key.getCreatedAt(),
        clock.instant());
  }

  private byte[] wrap(KeysetHandle keyset, String keyId, String subject) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, keks.aead(keks.primaryId()),
        associatedData(keyId, subject));
  }

  private KeysetHandle unwrap(DataKey key) throws GeneralSecurityException {
    byte[] wrapped = new byte[key.getWrappedKeyset().remaining()];
    key.getWrappedKeyset().duplicate().get(wrapped);
    return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, keks.aead(key.getKek().toString()),
        associatedData(key.getKeyId().toString(), key.getSubject().toString()));
  }

  /** Binds a wrapped key to its id and subject: a wrapped key copied under another id or subject does not open. */
  private static byte[] associatedData(String keyId, String subject) {
    return (keyId + "|" + subject).getBytes(StandardCharsets.UTF_8);
  }

  private static String newKeyId() {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    return KEY_IDS.encodeToString(id);
  }
}
