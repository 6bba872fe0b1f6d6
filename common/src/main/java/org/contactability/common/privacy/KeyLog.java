package org.contactability.common.privacy;

import java.util.concurrent.CompletableFuture;

import org.contactability.contracts.privacy.DataKey;

/**
 * Where the data keys live: the compacted topic {@code privacy.keys}, one partition (docs/privacy.md says why there).
 * Every service reads it whole into its {@link DataKeyRing}.
 */
public interface KeyLog {

  /** Writes {@code key}; the future completes with its position once the log holds it durably. */
  CompletableFuture<Long> append(DataKey key);

  /** Returns once every key appended so far is durable; throws if one could not be written. */
  void flush();

  /** Waits until this service has read the log past {@code position}; false when {@code millis} ran out first. */
  boolean awaitRead(long position, long millis) throws InterruptedException;
}
