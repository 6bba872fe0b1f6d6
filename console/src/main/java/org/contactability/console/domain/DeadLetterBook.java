package org.contactability.console.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The newest dead letters of every dead-letter topic, and which of them were replayed. Keeps at most
 * {@code maxDeadLetters} letters (the oldest are dropped first, and counted) and ten times as many
 * replayed ids. Not thread-safe.
 */
public final class DeadLetterBook {

  private final int max;
  private final Map<String, DeadLetterEntry> letters = new LinkedHashMap<>();
  private final Set<String> replayed = new LinkedHashSet<>();
  private long dropped;

  public DeadLetterBook(ReadModelBounds bounds) {
    this.max = bounds.maxDeadLetters();
  }

  public void apply(Fact fact) {
    if (fact instanceof Fact.DeadLetterSeen seen) {
      letters.put(seen.deadLetter().id(), seen.deadLetter());
      while (letters.size() > max) {
        letters.remove(letters.keySet().iterator().next());
        dropped++;
      }
    } else if (fact instanceof Fact.Replayed replay) {
      markReplayed(replay.deadLetterId());
    }
  }

  /** Newest first. */
  public List<DeadLetterEntry> newestFirst() {
    List<DeadLetterEntry> list = new ArrayList<>(letters.values());
    Collections.reverse(list);
    return list;
  }

  public Optional<DeadLetterEntry> find(String id) {
    return Optional.ofNullable(letters.get(id));
  }

  public boolean isReplayed(String id) {
    return replayed.contains(id);
  }

  /** Records a replay; false when that dead letter was already replayed. */
  public boolean markReplayed(String id) {
    boolean added = replayed.add(id);
    while (replayed.size() > max * 10) {
      replayed.remove(replayed.iterator().next());
    }
    return added;
  }

  /** Forgets a replay that failed to publish, so that it can be tried again. */
  public void unmarkReplayed(String id) {
    replayed.remove(id);
  }

  /** Dead letters dropped to stay within the bound. */
  public long dropped() {
    return dropped;
  }
}
