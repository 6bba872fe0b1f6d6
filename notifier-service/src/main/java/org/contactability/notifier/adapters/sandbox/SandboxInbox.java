package org.contactability.notifier.adapters.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every sandbox phone and mailbox: what the sandbox, standing for a provider, received. Idempotent by request id, as
 * a provider that can be asked is: a request received before is answered with the message it made then. With a
 * {@link SandboxJournal} every message is on disk before {@link #deliver} returns and is read back at start, so the
 * sandbox remembers across restarts. Shown per address: the newest {@code perRecipient} messages of the most recently
 * used {@code recipients} addresses (the request-id index keeps every message).
 */
public final class SandboxInbox implements SandboxProvider, AutoCloseable {

  private final int perRecipient;
  private final Map<String, Deque<SandboxMessage>> byRecipient;
  private final Map<String, SandboxMessage> byRequest = new HashMap<>();
  private final SandboxJournal journal;

  /** @param journal where received messages are kept, or null to keep them in memory only */
  public SandboxInbox(int recipients, int perRecipient, SandboxJournal journal) {
    this.perRecipient = perRecipient;
    this.byRecipient = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Deque<SandboxMessage>> eldest) {
        return size() > recipients;
      }
    };
    this.journal = journal;
    if (journal != null) {
      SandboxJournal.read(journal.file()).forEach(this::remember);
    }
  }

  @Override
  public SandboxMessage deliver(SandboxMessage message) {
    SandboxMessage held;
    long journalled = 0;
    synchronized (this) {
      held = byRequest.get(message.requestId());
      if (held == null) {
        held = message;
        if (journal != null) {
          journalled = journal.write(message);
        }
        remember(message);
      } else if (journal != null) {
        journalled = journal.length(); // the earlier copy may still be on its way to the disk
      }
    }
    // Outside the lock, so that concurrent sends share one force of the disk.
    if (journal != null) {
      journal.force(journalled);
    }
    return held;
  }

  @Override
  public synchronized Optional<SandboxMessage> ofRequest(String requestId) {
    return Optional.ofNullable(byRequest.get(requestId));
  }

  @Override
  public synchronized List<SandboxMessage> of(String address) {
    Deque<SandboxMessage> messages = byRecipient.get(address);
    return messages == null ? List.of() : new ArrayList<>(messages);
  }

  private void remember(SandboxMessage message) {
    byRequest.put(message.requestId(), message);
    Deque<SandboxMessage> messages = byRecipient.computeIfAbsent(message.to(), to -> new ArrayDeque<>());
    messages.addLast(message);
    while (messages.size() > perRecipient) {
      messages.removeFirst();
    }
  }

  @Override
  public void close() {
    if (journal != null) {
      journal.close();
    }
  }
}
