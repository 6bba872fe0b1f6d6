package org.contactability.common.privacy.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.contactability.common.privacy.KeyLog;
import org.contactability.contracts.privacy.DataKey;

/**
 * A key log in memory, shared by every ring attached to it, for tests without a broker (topology tests, domain tests
 * that seal fixtures). Each append reaches every attached ring at once, in order, as the topic's readers would see it.
 */
public final class InMemoryKeyLog implements KeyLog {

  private final List<DataKey> records = new ArrayList<>();
  private final List<Consumer<DataKey>> readers = new ArrayList<>();

  /** Hands every record so far, then every later one, to {@code reader}. */
  public synchronized void attach(Consumer<DataKey> reader) {
    records.forEach(reader);
    readers.add(reader);
  }

  @Override
  public synchronized CompletableFuture<Long> append(DataKey key) {
    records.add(key);
    readers.forEach(reader -> reader.accept(key));
    return CompletableFuture.completedFuture((long) records.size() - 1);
  }

  @Override
  public void flush() {
  }

  @Override
  public synchronized boolean awaitRead(long position, long millis) {
    return position < records.size();
  }

  /** What the log holds, in order. */
  public synchronized List<DataKey> records() {
    return List.copyOf(records);
  }
}
