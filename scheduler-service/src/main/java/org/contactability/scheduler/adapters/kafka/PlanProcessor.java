package org.contactability.scheduler.adapters.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.common.Correlation;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.scheduler.domain.ContactPlan;
import org.contactability.scheduler.domain.ContactPlanner;
import org.contactability.scheduler.domain.DeliveryReport;
import org.contactability.scheduler.domain.PatientDecision;
import org.contactability.scheduler.domain.PlanChange;
import org.contactability.scheduler.domain.PlanOutcome;
import org.contactability.schemas.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every appointment's contact plan and sends what falls due. Plans live in a key-value
 * store by appointment id; a second store indexes each plan once, under
 * {@code <zero-padded epoch millis of its next due time>|<appointment id>}, so that a wall-clock
 * punctuator reads only the entries due by the injected clock's now, never all plans. Moving the
 * platform's clock forward makes reminders go out at the next tick.
 */
final class PlanProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(PlanProcessor.class);
  private static final int MILLIS_DIGITS = 19;
  private static final String LOWEST_KEY = "0".repeat(MILLIS_DIGITS);
  /** The backlog is counted after a tick that ran out of budget; past this many an exact count is not worth it. */
  static final int BACKLOG_COUNT_LIMIT = 100_000;
  /**
   * While a backlog lasts it is recounted at most this often, by the ticks' wall-clock times: each count walks the
   * index up to the limit, and a catch-up of 100,000 steps would walk tens of thousands of entries every 500 ms.
   */
  static final Duration BACKLOG_RECOUNT = Duration.ofSeconds(5);

  private final ContactPlanner planner;
  private final ContactRequests requests;
  private final Clock clock;
  private final DeadLetters deadLetters;
  private final PlanSettings settings;
  private final SchedulerMetrics metrics;
  private final JsonSerde<ContactPlan> planJson = new JsonSerde<>(ContactPlan.class);
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, ContactPlan> plans;
  private KeyValueStore<String, String> due;
  /**
   * Every index key below this one has been handled, so scans start here: RocksDB keeps deleted
   * keys as tombstones until compaction, and a million sent reminders would otherwise be skipped
   * over again at every batch. An index key put below it (a step due at once) lowers it.
   */
  private String lowWater;
  /** Wall-clock time of the tick that last counted the backlog; null when there is none. */
  private Long backlogCountedAt;

  PlanProcessor(ContactPlanner planner, ContactRequests requests, Clock clock, DeadLetters deadLetters,
      PlanSettings settings, SchedulerMetrics metrics) {
    this.planner = planner;
    this.requests = requests;
    this.clock = clock;
    this.deadLetters = deadLetters;
    this.settings = settings;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.plans = context.getStateStore(SchedulerStores.PLANS);
    this.due = context.getStateStore(SchedulerStores.DUE);
    // A revived task (after an aborted transaction) keeps this object while its stores go back to the last commit:
    // what the aborted punctuation sent is due again below the old mark, so the scan starts from the bottom.
    this.lowWater = LOWEST_KEY;
    context.schedule(settings.tick(), PunctuationType.WALL_CLOCK_TIME, this::emitDue);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    String key = record.key();
    SpecificRecord value = record.value();
    if (key == null || value == null) {
      return; // a tombstone after a deleted view: the plan went with the deleted=true view
    }
    Instant now = clock.instant();
    if (value instanceof Appointment view) {
      ContactPlan current = plans.get(key);
      PlanChange change = view.getDeleted() ? planner.onDeleted(current)
          : planner.onView(current, AppointmentViews.facts(view), now);
      apply(key, current, change, record.timestamp(), view);
    } else if (value instanceof ContactStatus status) {
      Correlation correlation = status.getCorrelation();
      if (correlation == null || !key.equals(correlation.getAppointmentId())) {
        return; // not about an appointment plan (waiting list, answers to unknown senders)
      }
      ContactPlan current = plans.get(key);
      apply(key, current, planner.onDelivery(current, report(status), now), record.timestamp(), null);
    } else if (value instanceof AppointmentDecision decision) {
      if (settings.serviceName().equals(decision.getDecidedBy())) {
        return; // our own decision, read back
      }
      ContactPlan current = plans.get(key);
      Instant about = decision.getAppointment() == null ? null : decision.getAppointment().getStartsAt();
      apply(key, current, planner.onPatientDecision(current, new PatientDecision(decision.getType(), about,
          decision.getDecidedAt()), now), record.timestamp(), null);
    }
  }

  /** The failure kind of a status; a record written before ContactStatus v4 only says whether it was permanent. */
  private static DeliveryReport report(ContactStatus status) {
    FailureKind failure = status.getFailure() != null ? status.getFailure()
        : status.getPermanent() ? FailureKind.PERMANENT : null;
    return new DeliveryReport(status.getRequestId(), status.getStatus(), failure, status.getOccurredAt());
  }

  /**
   * Sends what is due, oldest first, until the index holds nothing due, the tick has sent
   * {@code requestsPerTick} requests or used its budget; the next tick goes on from there.
   */
  private void emitDue(long timestamp) {
    Instant now = clock.instant();
    String upper = indexPrefix(now.toEpochMilli() + 1);
    long budgetEnds = System.nanoTime() + settings.punctuationBudget().toNanos();
    int batchSize = settings.batchSize();
    List<String> batch = new ArrayList<>(batchSize);
    int sent = 0;
    int handled;
    do {
      batch.clear();
      try (KeyValueIterator<String, String> entries = due.range(lowWater, upper)) {
        while (entries.hasNext() && batch.size() < batchSize) {
          batch.add(entries.next().key);
        }
      }
      handled = 0;
      while (handled < batch.size() && sent < settings.requestsPerTick()) {
        sent += emitDue(batch.get(handled++), now, timestamp);
      }
      if (handled > 0) {
        raiseLowWater(batch.get(handled - 1));
      }
    } while (handled == batchSize && sent < settings.requestsPerTick() && System.nanoTime() < budgetEnds);
    if (handled == batch.size() && batch.size() < batchSize) {
      raiseLowWater(upper);
      backlogCountedAt = null;
      metrics.backlog(taskName(), 0, Duration.ZERO);
    } else if (backlogCountedAt == null || timestamp - backlogCountedAt >= BACKLOG_RECOUNT.toMillis()) {
      backlogCountedAt = timestamp;
      reportBacklog(upper, now);
    }
  }

  /** The tick ran out of budget with steps still due: how many, and since when the oldest. */
  private void reportBacklog(String upper, Instant now) {
    long overdue = 0;
    Duration oldest = Duration.ZERO;
    try (KeyValueIterator<String, String> entries = due.range(lowWater, upper)) {
      while (entries.hasNext() && overdue < BACKLOG_COUNT_LIMIT) {
        String key = entries.next().key;
        if (overdue == 0) {
          Instant dueAt = Instant.ofEpochMilli(Long.parseLong(key.substring(0, MILLIS_DIGITS)));
          oldest = dueAt.isBefore(now) ? Duration.between(dueAt, now) : Duration.ZERO;
        }
        overdue++;
      }
    }
    metrics.backlog(taskName(), overdue, oldest);
  }

  private String taskName() {
    return context.taskId().toString();
  }

  @Override
  public void close() {
    if (context != null) {
      metrics.taskClosed(taskName());
    }
  }

  /** Handled keys are never put back below {@code now}: a sent step's plan is next due later. */
  private void raiseLowWater(String handled) {
    if (handled.compareTo(lowWater) > 0) {
      lowWater = handled;
    }
  }

  /** Handles one due index entry; returns how many contact requests it sent. */
  private int emitDue(String indexKey, Instant now, long timestamp) {
    String appointmentId = indexKey.substring(MILLIS_DIGITS + 1);
    ContactPlan plan = null;
    try {
      plan = plans.get(appointmentId);
      if (plan == null || !indexKey.equals(indexKey(plan.nextDueAt(), appointmentId))) {
        due.delete(indexKey); // stale entry
        return 0;
      }
      return apply(appointmentId, plan, planner.onDue(plan, now), timestamp, null);
    } catch (RuntimeException e) {
      // A plan that cannot be sent must not block the others nor come back every tick.
      due.delete(indexKey);
      log.error("Due steps of appointment {} could not be sent and were dead-lettered: {}", appointmentId,
          DeadLetters.reason(e));
      byte[] payload = plan == null ? null : planJson.serializer().serialize(null, plan);
      context.forward(new Record<>(appointmentId, deadLetters.builder(Topics.CONTACT_REQUESTS, appointmentId, payload,
          DeadLetters.FORMAT_JSON, e).build(), timestamp));
      return 0;
    }
  }

  /** Stores the plan change and forwards its outcomes; returns how many contact requests it sent. */
  private int apply(String key, ContactPlan before, PlanChange change, long timestamp, Appointment view) {
    if (change.changed()) {
      Instant oldDue = before == null ? null : before.nextDueAt();
      ContactPlan after = change.plan();
      if (after == null) {
        plans.delete(key);
        if (oldDue != null) {
          due.delete(indexKey(oldDue, key));
        }
      } else {
        plans.put(key, after);
        Instant newDue = after.nextDueAt();
        if (!Objects.equals(oldDue, newDue)) {
          if (oldDue != null) {
            due.delete(indexKey(oldDue, key));
          }
          String newKey = indexKey(newDue, key);
          due.put(newKey, "");
          if (newKey.compareTo(lowWater) < 0) {
            lowWater = newKey;
          }
        }
      }
    }
    int sent = 0;
    for (PlanOutcome outcome : change.outcomes()) {
      if (outcome instanceof PlanOutcome.Send send) {
        ContactRequest request = requests.request(send);
        metrics.requested(request.getPurpose().name(), request.getChannel().name(), send.item().dueAt(),
            request.getRequestedAt());
        context.forward(new Record<>(key, request, timestamp));
        sent++;
      } else if (outcome instanceof PlanOutcome.Skip skip) {
        metrics.skipped(skip.item().skip().code());
        context.forward(new Record<>(key, requests.skipped(skip), timestamp));
      } else if (outcome instanceof PlanOutcome.Decide decide && view != null) {
        metrics.decided(decide.type().name());
        context.forward(new Record<>(key, requests.decision(decide, view), timestamp));
      }
    }
    return sent;
  }

  static String indexKey(Instant dueAt, String appointmentId) {
    return indexPrefix(dueAt.toEpochMilli()) + "|" + appointmentId;
  }

  private static String indexPrefix(long epochMillis) {
    String digits = Long.toString(Math.max(0, epochMillis));
    return "0".repeat(MILLIS_DIGITS - digits.length()) + digits;
  }
}
