package org.contactability.console.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.contactability.common.Rut;
import org.contactability.console.domain.AppointmentSummary;
import org.contactability.console.domain.AuditBook;
import org.contactability.console.domain.AuditEntry;
import org.contactability.console.domain.DeadLetterBook;
import org.contactability.console.domain.DeadLetterEntry;
import org.contactability.console.domain.Fact;
import org.contactability.console.domain.Funnel;
import org.contactability.console.domain.FunnelProjection;
import org.contactability.console.domain.Observation;
import org.contactability.console.domain.OutcomeQuery;
import org.contactability.console.domain.OutcomeReport;
import org.contactability.console.domain.OutcomesProjection;
import org.contactability.console.domain.ReadModelBounds;
import org.contactability.console.domain.Timeline;
import org.contactability.console.domain.TimelineProjection;

/**
 * The console's read model: the funnel, the timelines and the dead letters, fed one batch of
 * observations at a time by the Kafka adapter and read by the web endpoints. One lock guards the
 * projections; {@link #version()} grows with every change so that a reader can tell whether to look
 * again. "Today" is the clock's date in the hospital's zone.
 */
public final class ReadModel {

  /** Eviction runs when the day changes, and after this many observations or as many as entries kept. */
  private static final int EVICT_EVERY = 10_000;
  private static final Duration SNAPSHOT_REUSE = Duration.ofSeconds(1);
  private static final int MAX_SNAPSHOTS = 64;
  /** Audit events the console lists; older ones stay on audit.events for their retention. */
  static final int AUDIT_EVENTS_KEPT = 5_000;

  private final Clock clock;
  private final ZoneId zone;
  private final UnaryOperator<String> rutKey;
  private final ReadModelBounds bounds;
  private final FunnelProjection funnel;
  private final OutcomesProjection outcomes;
  private final TimelineProjection timelines;
  private final DeadLetterBook deadLetters;
  private final AuditBook audit = new AuditBook(AUDIT_EVENTS_KEPT);
  private volatile long version;
  private volatile boolean caughtUp;
  private long applied;
  private long appliedAtEviction;
  private LocalDate evictedOn;
  private long evictions;
  private final Map<String, Snapshot> snapshots = new HashMap<>();

  /** @param rutKey the key a normalised RUT is searched by ({@link ConsolePrivacy#rutKey}) */
  public ReadModel(Clock clock, ZoneId zone, ReadModelBounds bounds, UnaryOperator<String> rutKey) {
    this.rutKey = rutKey;
    this.clock = clock;
    this.zone = zone;
    this.bounds = bounds;
    this.funnel = new FunnelProjection(bounds);
    this.outcomes = new OutcomesProjection(zone, bounds.outcomeMonths(), bounds.maxOutcomes(), bounds.undatedTtl());
    this.timelines = new TimelineProjection(bounds);
    this.deadLetters = new DeadLetterBook(bounds);
  }

  public void apply(List<Observation> batch) {
    if (batch.isEmpty()) {
      return;
    }
    synchronized (this) {
      LocalDate today = today();
      for (Observation observation : batch) {
        for (Fact fact : observation.facts()) {
          funnel.apply(fact, today);
          outcomes.apply(fact, today);
          deadLetters.apply(fact);
          audit.apply(fact);
        }
        timelines.apply(observation, today);
        applied++;
      }
      evictIfDue(today);
      version++;
    }
  }

  /**
   * The funnel of the shown days, for one hospital or all ({@code hospital} null or blank). Every
   * open stream asks for it; a snapshot is reused while nothing changed and the clock moved less
   * than {@link #SNAPSHOT_REUSE}, so that many viewers cost one computation.
   */
  public synchronized Funnel funnel(String hospital) {
    String key = hospital == null || hospital.isBlank() ? "" : hospital;
    Instant now = clock.instant();
    Snapshot cached = snapshots.get(key);
    if (cached != null && cached.version == version && !now.isBefore(cached.at)
        && Duration.between(cached.at, now).compareTo(SNAPSHOT_REUSE) < 0) {
      return cached.funnel;
    }
    LocalDate today = today();
    evictIfDue(today);
    Funnel snapshot = funnel.snapshot(today, now, key.isEmpty() ? null : key);
    if (snapshots.size() > MAX_SNAPSHOTS) {
      snapshots.clear();
    }
    snapshots.put(key, new Snapshot(version, now, snapshot));
    return snapshot;
  }

  private record Snapshot(long version, Instant at, Funnel funnel) {
  }

  /** The outcomes of the appointments the query selects, computed now from what was read. */
  public synchronized OutcomeReport outcomes(OutcomeQuery query) {
    evictIfDue(today());
    return outcomes.report(query, clock.instant());
  }

  public synchronized Optional<Timeline> timeline(String appointmentId) {
    return timelines.timeline(appointmentId);
  }

  /** Appointments matching an appointment id or a patient's RUT (in any usual writing). */
  public synchronized List<AppointmentSummary> search(String query) {
    String text = query == null ? "" : query.strip();
    List<AppointmentSummary> found = new ArrayList<>();
    timelines.timeline(text).ifPresent(t -> found.add(t.appointment()));
    Rut.tryParse(text).ifPresent(rut -> timelines.byRut(rutKey.apply(rut.normalized())).stream()
        .filter(s -> !s.appointmentId().equals(text))
        .forEach(found::add));
    return found;
  }

  /** The sealed patient data of an appointment, for an operator's audited view ({@link ConsolePrivacy#open}). */
  public synchronized Optional<Fact.SealedPatient> sealedPatient(String appointmentId) {
    return timelines.sealedPatient(appointmentId);
  }

  /** The newest audit events matching the filters ({@link AuditBook#newestFirst}). */
  public synchronized List<AuditEntry> audit(String who, String what, String patient, int limit) {
    return audit.newestFirst(who, what, patient, limit);
  }

  /** Audit events too old for the console to list. */
  public synchronized long auditDropped() {
    return audit.dropped();
  }

  public synchronized List<DeadLetterEntry> deadLetters() {
    return deadLetters.newestFirst();
  }

  public synchronized Optional<DeadLetterEntry> deadLetter(String id) {
    return deadLetters.find(id);
  }

  public synchronized boolean isReplayed(String deadLetterId) {
    return deadLetters.isReplayed(deadLetterId);
  }

  public synchronized long deadLettersDropped() {
    return deadLetters.dropped();
  }

  /** Claims the replay of a dead letter; false when it was already replayed (here or, as read back, elsewhere). */
  synchronized boolean claimReplay(String deadLetterId) {
    boolean claimed = deadLetters.markReplayed(deadLetterId);
    if (claimed) {
      version++;
    }
    return claimed;
  }

  synchronized void releaseReplay(String deadLetterId) {
    deadLetters.unmarkReplayed(deadLetterId);
    version++;
  }

  /** The clock was moved: deadlines and days change, so open streams should look again now. */
  public synchronized void clockMoved() {
    version++;
  }

  /** Grows with every change of what the model shows. */
  public long version() {
    return version;
  }

  /** Whether the feed has read every topic up to where it stood when the console started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  public void markCaughtUp() {
    caughtUp = true;
    version++;
  }

  public synchronized long observations() {
    return applied;
  }

  /** Appointments and freed slots the outcomes keep. */
  public synchronized int outcomesKept() {
    return outcomes.size();
  }

  /** Appointments and freed slots the funnel keeps. */
  public synchronized int kept() {
    return funnel.size();
  }

  /** Timelines kept. */
  public synchronized int timelinesKept() {
    return timelines.size();
  }

  /** How many eviction passes ran. */
  synchronized long evictions() {
    return evictions;
  }

  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), zone);
  }

  public Instant now() {
    return clock.instant();
  }

  /** What this read model keeps and shows. */
  public ReadModelBounds bounds() {
    return bounds;
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * A pass scans every entry kept, so it is due once as many observations as entries kept came since the last one
   * (at least {@link #EVICT_EVERY}): then its cost per observation stays constant however much is kept. A fixed
   * count made a burst over a large read model scan it all every 10,000 observations, which was 60 % of this
   * thread in a 100,000-reminder burst (docs/benchmarks.md). The days kept move only when the day changes, which
   * always brings a pass; between them, the passes only drop undated entries older than their time to live.
   */
  private void evictIfDue(LocalDate today) {
    long kept = (long) funnel.size() + outcomes.size() + timelines.size();
    if (today.equals(evictedOn) && applied - appliedAtEviction < Math.max(EVICT_EVERY, kept)) {
      return;
    }
    evictions++;
    Instant now = clock.instant();
    funnel.evict(today, now);
    outcomes.evict(today, now);
    timelines.evict(today, now);
    evictedOn = today;
    appliedAtEviction = applied;
  }
}
