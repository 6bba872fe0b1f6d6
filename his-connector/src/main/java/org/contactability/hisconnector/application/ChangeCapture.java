package org.contactability.hisconnector.application;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.common.ChangeOperation;
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

  private final CanonicalRows rows;
  private final ChangeSink sink;
  private final DeadLetters deadLetters;
  private final Map<HisEntity, Counter> published = new EnumMap<>(HisEntity.class);
  private final Map<HisEntity, Counter> contactsLeftOut = new EnumMap<>(HisEntity.class);

  public ChangeCapture(CanonicalRows rows, ChangeSink sink, DeadLetters deadLetters, MeterRegistry meters) {
    this.rows = rows;
    this.sink = sink;
    this.deadLetters = deadLetters;
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
      MappedRow<? extends SpecificRecord> after = deleted ? null : rows.map(entity, current);
      SpecificRecord before = previous == null ? null : bestEffort(entity, previous);
      sink.publish(entity, key, rows.envelope(entity, change.op(), before, after == null ? null : after.value(),
          change.position()));
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

  /** Waits until everything handled so far is on the broker. */
  public void flush() {
    sink.flush();
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
    sink.deadLetter(entity, deadLetters.forSourceRow(topic, key, change.rowAsJson().get(),
        change.position(), reason, errorType));
    log.warn("Dead-lettered a {} change of {} (key {}, {}): {}", change.op(), rows.mapping().tableOf(entity), key,
        change.position().getLsn() == null ? change.position().getPosition() : "LSN " + change.position().getLsn(),
        reason);
  }
}
