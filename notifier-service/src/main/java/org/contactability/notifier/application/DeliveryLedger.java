package org.contactability.notifier.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.notifier.domain.DeliveryProgress;

/**
 * The notifier's memory of every request it handled recently: the latest status of each requestId,
 * rebuilt from contact.status at start and kept current by every status written since. It is the
 * "already sent" guard (a request delivered twice sends once, across restarts) and the index that
 * ties provider callbacks back to their request.
 *
 * <p>A status is written before the provider is called ({@code SENDING}), so after a crash the ledger
 * tells a send that may have happened (latest SENDING: in doubt, settled with the provider before anything else
 * is sent for it) from one that never started (no entry) or that failed on our side without the provider taking
 * it (FAILED, failure TECHNICAL, no provider id: may be sent again when an operator replays it from the
 * dead-letter topic).
 */
public final class DeliveryLedger {

  /**
   * @param key               the Kafka key of the request and its statuses
   * @param providerMessageId the provider's id, once any status carried it (later ones may not)
   */
  public record Entry(String key, ContactStatus latest, String providerMessageId) {
  }

  /** What may be done with a request that arrives. */
  public sealed interface Claim {

    /** Not sent before (or given up without being sent): go ahead, then {@link #release}. */
    record Granted() implements Claim {
    }

    /** Handled already: do nothing. */
    record Duplicate(Entry entry) implements Claim {
    }

    /** Being handled right now by this process (twice in one batch). */
    record InFlight() implements Claim {
    }

    /**
     * A previous process stopped while handing it to the provider: it may have gone out. Granted like
     * {@link Granted} (then {@link #release}), but the provider must be asked first.
     */
    record InDoubt(Entry entry) implements Claim {
    }
  }

  /** A stripe is held while its status is written: enough that concurrent sends seldom share one. */
  private static final int STRIPES = 1024;

  private final Map<String, Entry> byRequest = new ConcurrentHashMap<>();
  private final Map<String, String> byProviderId = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

  public DeliveryLedger() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  public Claim claim(String requestId) {
    if (!inFlight.add(requestId)) {
      return new Claim.InFlight();
    }
    Entry entry = byRequest.get(requestId);
    if (entry == null || isResendable(entry)) {
      return new Claim.Granted();
    }
    if (entry.latest().getStatus() == DeliveryStatus.SENDING) {
      return new Claim.InDoubt(entry);
    }
    inFlight.remove(requestId);
    return new Claim.Duplicate(entry);
  }

  public void release(String requestId) {
    inFlight.remove(requestId);
  }

  /**
   * Writes {@code status} through {@code publisher} and remembers it, if it moves its request forward;
   * concurrent reports of one request are serialised. Nothing is remembered when the publisher throws.
   *
   * @return whether the status was published
   */
  public boolean publishIfAdvances(String key, ContactStatus status, Consumer<ContactStatus> publisher) {
    return !publishAllIfAdvances(key, List.of(status), published -> publisher.accept(published.get(0))).isEmpty();
  }

  /**
   * Writes those of {@code statuses} (of one request, in order) that each move it forward from the one before,
   * through one call of {@code publisher}, and remembers them; nothing is remembered when the publisher throws.
   *
   * @return the statuses published (none: the publisher was not called)
   */
  public List<ContactStatus> publishAllIfAdvances(String key, List<ContactStatus> statuses,
      Consumer<List<ContactStatus>> publisher) {
    return publishAllIfAdvancesLater(key, statuses, advancing -> {
      publisher.accept(advancing);
      return CompletableFuture.completedFuture(null);
    }).published();
  }

  /** Statuses handed to a publisher that returned before the broker acknowledged them. */
  public record Written(List<ContactStatus> published, CompletableFuture<Void> durable) {
  }

  /**
   * Like {@link #publishAllIfAdvances}, for a publisher that returns as soon as the statuses are queued, in order,
   * and completes its future once the broker holds them (the statuses that follow a provider's answer: nothing
   * waits for them but the commit of the request's offset). They are remembered at once; if their write fails,
   * they are forgotten again before {@code durable} fails, so that the request, read again, is settled with the
   * provider as a send cut off after its SENDING. A status that moved the request on meanwhile is kept.
   *
   * @return the statuses published (none: the publisher was not called) and their write
   */
  public Written publishAllIfAdvancesLater(String key, List<ContactStatus> statuses,
      Function<List<ContactStatus>, CompletableFuture<Void>> publisher) {
    if (statuses.isEmpty()) {
      return new Written(List.of(), CompletableFuture.completedFuture(null));
    }
    String requestId = statuses.get(0).getRequestId();
    ReentrantLock lock = lockOf(requestId);
    lock.lock();
    try {
      List<ContactStatus> advancing = new ArrayList<>(statuses.size());
      Entry before = byRequest.get(requestId);
      Entry latest = before;
      for (ContactStatus status : statuses) {
        if (!requestId.equals(status.getRequestId())) {
          throw new IllegalArgumentException("statuses of " + requestId + " and " + status.getRequestId()
              + " published together");
        }
        if (advances(latest, status)) {
          advancing.add(status);
          latest = new Entry(key, status, status.getProviderMessageId() != null ? status.getProviderMessageId()
              : latest == null ? null : latest.providerMessageId());
        }
      }
      if (advancing.isEmpty()) {
        return new Written(List.of(), CompletableFuture.completedFuture(null));
      }
      CompletableFuture<Void> write = publisher.apply(advancing);
      advancing.forEach(status -> remember(key, status));
      Entry ours = byRequest.get(requestId);
      CompletableFuture<Void> durable = new CompletableFuture<>();
      write.whenComplete((done, failure) -> {
        if (failure == null) {
          durable.complete(null);
        } else {
          // Off the thread that completed the write (a producer's I/O thread): forgetting takes the stripe, which a
          // synchronous write may hold while it waits for that very thread. Not CompletableFuture's own async
          // methods: on two cores they start a thread per call, even for a write that succeeded.
          ForkJoinPool.commonPool().execute(() -> {
            forget(requestId, ours, before);
            durable.completeExceptionally(failure instanceof CompletionException ? failure.getCause() : failure);
          });
        }
      });
      return new Written(advancing, durable);
    } finally {
      lock.unlock();
    }
  }

  /** Puts back {@code before} where {@code ours} is still the latest entry of the request. */
  private void forget(String requestId, Entry ours, Entry before) {
    ReentrantLock lock = lockOf(requestId);
    lock.lock();
    try {
      if (before == null ? byRequest.remove(requestId, ours) : byRequest.replace(requestId, ours, before)) {
        String added = ours.providerMessageId();
        if (added != null && (before == null || !added.equals(before.providerMessageId()))) {
          byProviderId.remove(added, requestId);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes those of {@code statuses} (one of each request, e.g. the SENDING statuses of a lane's batch) that move
   * their request forward, through one call of {@code publisher}, and remembers them; nothing is remembered when the
   * publisher throws. The stripes of all of them are held meanwhile, taken in ascending order (every other caller
   * holds one stripe at a time), so that no report of one of these requests comes in between.
   *
   * @return the statuses published
   */
  public List<StatusLog.Keyed> publishEachIfAdvances(List<StatusLog.Keyed> statuses,
      Consumer<List<StatusLog.Keyed>> publisher) {
    int[] stripes = statuses.stream().mapToInt(keyed -> stripeOf(keyed.status().getRequestId())).distinct().sorted()
        .toArray();
    for (int stripe : stripes) {
      locks[stripe].lock();
    }
    try {
      List<StatusLog.Keyed> advancing = statuses.stream()
          .filter(keyed -> advances(byRequest.get(keyed.status().getRequestId()), keyed.status())).toList();
      if (!advancing.isEmpty()) {
        publisher.accept(advancing);
        advancing.forEach(keyed -> remember(keyed.key(), keyed.status()));
      }
      return advancing;
    } finally {
      for (int i = stripes.length - 1; i >= 0; i--) {
        locks[stripes[i]].unlock();
      }
    }
  }

  /** Takes in a status read back from contact.status (ours, or another instance's). */
  public void apply(String key, ContactStatus status) {
    ReentrantLock lock = lockOf(status.getRequestId());
    lock.lock();
    try {
      if (advances(byRequest.get(status.getRequestId()), status)) {
        remember(key, status);
      }
    } finally {
      lock.unlock();
    }
  }

  public Optional<Entry> find(String requestId) {
    return Optional.ofNullable(byRequest.get(requestId));
  }

  public Optional<Entry> findByProviderMessageId(String providerMessageId) {
    return Optional.ofNullable(byProviderId.get(providerMessageId)).map(byRequest::get);
  }

  /** Forgets requests whose latest status is older than {@code cutoff}: they can no longer be redelivered. */
  public int forgetBefore(Instant cutoff) {
    int forgotten = 0;
    for (Entry entry : byRequest.values()) {
      ContactStatus latest = entry.latest();
      if (latest.getOccurredAt().isBefore(cutoff) && !inFlight.contains(latest.getRequestId())
          && byRequest.remove(latest.getRequestId(), entry)) {
        if (entry.providerMessageId() != null) {
          byProviderId.remove(entry.providerMessageId(), latest.getRequestId());
        }
        forgotten++;
      }
    }
    return forgotten;
  }

  public int size() {
    return byRequest.size();
  }

  private static boolean advances(Entry current, ContactStatus status) {
    if (current == null) {
      return DeliveryProgress.advances(null, status.getStatus());
    }
    if (status.getStatus() == DeliveryStatus.SENDING && isResendable(current)) {
      return true;
    }
    return DeliveryProgress.advances(current.latest().getStatus(), status.getStatus());
  }

  private void remember(String key, ContactStatus status) {
    Entry previous = byRequest.get(status.getRequestId());
    String providerMessageId = status.getProviderMessageId() != null ? status.getProviderMessageId()
        : previous == null ? null : previous.providerMessageId();
    byRequest.put(status.getRequestId(), new Entry(previous == null ? key : previous.key(), status, providerMessageId));
    if (providerMessageId != null) {
      byProviderId.put(providerMessageId, status.getRequestId());
    }
  }

  /** Failed on our side before any provider took it (records older than the failure field: not permanent). */
  private static boolean isResendable(Entry entry) {
    ContactStatus latest = entry.latest();
    boolean ours = latest.getFailure() == null ? !latest.getPermanent() : latest.getFailure() == FailureKind.TECHNICAL;
    return latest.getStatus() == DeliveryStatus.FAILED && ours && entry.providerMessageId() == null;
  }

  private ReentrantLock lockOf(String requestId) {
    return locks[stripeOf(requestId)];
  }

  private static int stripeOf(String requestId) {
    return Math.floorMod(requestId.hashCode(), STRIPES);
  }
}
