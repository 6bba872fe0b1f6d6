package org.contactability.hisconnector.application;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.contracts.common.ChangeOperation;
import org.contactability.contracts.his.PatientRow;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.hisconnector.domain.mapping.CanonicalRows;
import org.contactability.hisconnector.domain.mapping.HisEntity;
import org.contactability.hisconnector.domain.mapping.MappedRow;
import org.contactability.hisconnector.domain.mapping.SourceRow;
import org.contactability.hisconnector.domain.mapping.UnmappableRowException;
import org.contactability.hisconnector.domain.mapping.UnusableContact;
import org.contactability.schemas.topics.TopicSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each captured HIS change into the canonical change envelope on its entity's topic, keyed
 * by row id, followed by a tombstone when the row was deleted. A row that cannot be mapped goes to
 * the topic's dead-letter topic with the reason and the source position instead, and the stream
 * goes on. A phone or e-mail that is none is only left out of the row: the row is published, and a
 * dead letter without payload tells the clerk which row and column to correct.
 *
 * <p>The image before the change is best effort: tables whose replica identity is not FULL give
 * only the key columns of a deleted row and nothing of an updated one, and an old image that does
 * not map is left out rather than holding up the change.
 */
public final class ChangeCapture {

  private static final Logger log = LoggerFactory.getLogger(ChangeCapture.class);
  /** Payload format of a patient row that could not be mapped: the JSON row, sealed under the patient's data key. */
  public static final String FORMAT_SEALED_JSON = "json-sealed";

  private final CanonicalRows rows;
  private final ChangeSink sink;
  private final DeadLetters deadLetters;
  private final PatientSealing patients;
  private final Counter erasedSkipped;
  private final Map<HisEntity, Counter> published = new EnumMap<>(HisEntity.class);
  private final Map<HisEntity, Counter> contactsLeftOut = new EnumMap<>(HisEntity.class);

  public ChangeCapture(CanonicalRows rows, ChangeSink sink, DeadLetters deadLetters, PatientDataCipher cipher,
      MeterRegistry meters) {
    this.rows = rows;
    this.sink = sink;
    this.deadLetters = deadLetters;
    this.patients = new PatientSealing(cipher);
    this.erasedSkipped = Counter.builder("contactability.capture.erased")
        .description("Changes of erased patients' rows that were not published")
        .tag("table", rows.mapping().tableOf(HisEntity.PATIENTS)).register(meters);
    for (HisEntity entity : HisEntity.values()) {
      String table = rows.mapping().tableOf(entity);
      published.put(entity, Counter.builder("contactability.capture.changes")
          .description("HIS row changes published as canonical change events")
          .tag("table", table).register(meters));
      contactsLeftOut.put(entity, Counter.builder("contactability.capture.unusable.contacts")
          .description("Phones and e-mails of HIS rows that are none, left out of the published row and reported")
          .tag("table", table).register(meters));
    }
  }

  public void handle(CapturedChange change) {
    HisEntity entity = change.entity();
    boolean deleted = change.op() == ChangeOperation.DELETE;
    SourceRow current = change.after() == null ? null : rows.row(entity, change.after());
    SourceRow previous = change.before() == null ? null : rows.row(entity, change.before());
    String key = null;
    try {
      SourceRow keyed = deleted || current == null ? previous : current;
      if (keyed == null) {
        throw new UnmappableRowException(rows.mapping().tableOf(entity), rows.idColumn(entity),
            UnmappableRowException.Problem.MISSING_VALUE, "is in neither image of the change");
      }
      key = rows.key(entity, keyed);
      if (entity == HisEntity.PATIENTS && patients.erased(key)) {
        skipErased(change, key, deleted);
        return;
      }
      MappedRow<? extends SpecificRecord> after = deleted ? null : rows.map(entity, current);
      SpecificRecord before = previous == null ? null : bestEffort(entity, previous);
      sink.publish(entity, key, rows.envelope(entity, change.op(), sealed(entity, before),
          after == null ? null : sealed(entity, after.value()), change.position()));
      if (deleted) {
        sink.tombstone(entity, key);
      }
      published.get(entity).increment();
      if (after != null) {
        for (UnusableContact contact : after.unusable()) {
          reportUnusable(change, key, contact);
        }
      }
    } catch (UnmappableRowException unmappable) {
      deadLetter(change, key, unmappable);
    }
  }

  /** Waits until everything handled so far is on the broker, the data keys of new patients first. */
  public void flush() {
    patients.flushKeys();
    sink.flush();
  }

  private SpecificRecord sealed(HisEntity entity, SpecificRecord row) {
    return entity == HisEntity.PATIENTS ? patients.seal((PatientRow) row) : row;
  }

  /**
   * An erased patient stays erased here: their later changes in the HIS are not published (the HIS is the hospital's
   * record, docs/privacy.md). A deletion still goes out, without its old image, so that compaction forgets the row.
   */
  private void skipErased(CapturedChange change, String key, boolean deleted) {
    if (deleted) {
      sink.publish(HisEntity.PATIENTS, key, rows.envelope(HisEntity.PATIENTS, change.op(), null, null,
          change.position()));
      sink.tombstone(HisEntity.PATIENTS, key);
      published.get(HisEntity.PATIENTS).increment();
      return;
    }
    erasedSkipped.increment();
    log.info("Did not publish a {} change of patient {}: the patient was erased", change.op(), key);
  }

  private SpecificRecord bestEffort(HisEntity entity, SourceRow previous) {
    try {
      return rows.map(entity, previous).value();
    } catch (UnmappableRowException partial) {
      return null;
    }
  }

  /** The row went out without the contact; the clerk learns which row and column to correct. */
  private void reportUnusable(CapturedChange change, String key, UnusableContact contact) {
    HisEntity entity = change.entity();
    String reason = "Contact left out of the row, the patient is reached on their other channels until the HIS is "
        + "corrected: " + contact.reason();
    sink.deadLetter(entity, deadLetters.forSourceRow(CaptureTopics.of(entity), key, null,
        change.position(), reason, "UnusableContact." + contact.problem()));
    contactsLeftOut.get(entity).increment();
    log.warn("Published a {} change of {} (key {}) without a contact: {}", change.op(), contact.table(), key,
        contact.reason());
  }

  private void deadLetter(CapturedChange change, String key, UnmappableRowException cause) {
    HisEntity entity = change.entity();
    TopicSpec<?> topic = CaptureTopics.of(entity);
    String reason = "Row cannot be mapped: " + cause.getMessage();
    String errorType = "UnmappableRow." + cause.problem();
    byte[] payload = change.rowAsJson().get();
    String format = DeadLetters.FORMAT_JSON;
    if (entity == HisEntity.PATIENTS) {
      // the row holds the patient's data in clear: sealed under their key, or withheld when the row has no id
      payload = key == null || patients.erased(key) ? null : patients.sealJson(key, payload);
      format = FORMAT_SEALED_JSON;
    }
    sink.deadLetter(entity, DeadLetter.newBuilder(deadLetters.forSourceRow(topic, key, payload, change.position(),
        reason, errorType)).setPayloadFormat(format).build());
    log.warn("Dead-lettered a {} change of {} (key {}, {}): {}", change.op(), rows.mapping().tableOf(entity), key,
        change.position().getLsn() == null ? change.position().getPosition() : "LSN " + change.position().getLsn(),
        reason);
  }
}
