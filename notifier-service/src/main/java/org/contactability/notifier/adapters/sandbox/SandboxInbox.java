package org.contactability.notifier.adapters.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every sandbox phone and mailbox, in memory, bounded: the newest {@code perRecipient} messages of the
 * most recently used {@code recipients} addresses.
 */
public final class SandboxInbox {

  private final int perRecipient;
  private final Map<String, Deque<SandboxMessage>> byRecipient;

  public SandboxInbox(int recipients, int perRecipient) {
    this.perRecipient = perRecipient;
    this.byRecipient = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Deque<SandboxMessage>> eldest) {
        return size() > recipients;
      }
    };
  }

  public synchronized void deliver(SandboxMessage message) {
    Deque<SandboxMessage> messages = byRecipient.computeIfAbsent(message.to(), to -> new ArrayDeque<>());
    messages.addLast(message);
    while (messages.size() > perRecipient) {
      messages.removeFirst();
    }
  }

  /** Oldest first. */
  public synchronized List<SandboxMessage> of(String address) {
    Deque<SandboxMessage> messages = byRecipient.get(address);
    return messages == null ? List.of() : new ArrayList<>(messages);
  }
}
