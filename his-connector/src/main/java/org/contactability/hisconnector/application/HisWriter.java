package org.contactability.hisconnector.application;

import java.util.function.Function;

/** Runs work in one HIS database transaction: committed when it returns, rolled back when it throws. */
public interface HisWriter {

  /**
   * @throws TransientHisException when the database could not be reached or asked to try again
   *     (connection lost, lock timeout, serialization failure): the work may be retried as a whole
   * @throws HisWriteException     on any other database failure
   */
  <T> T inTransaction(Function<HisTransaction, T> work);
}
