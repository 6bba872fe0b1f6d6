package org.contactability.hisconnector.application;

import org.apache.avro.specific.SpecificRecord;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.hisconnector.domain.mapping.HisEntity;

/**
 * Where canonical changes go (the entity's topic) and where rows that cannot be mapped go (its
 * dead-letter topic). Sends may be asynchronous; {@link #flush()} returns once every send so far
 * is acknowledged, and throws if any failed, so that the source position is committed only after.
 */
public interface ChangeSink {

  void publish(HisEntity entity, String key, SpecificRecord envelope);

  /** A record with no value, after a delete, so that compaction forgets the row. */
  void tombstone(HisEntity entity, String key);

  void deadLetter(HisEntity entity, DeadLetter deadLetter);

  void flush();
}
