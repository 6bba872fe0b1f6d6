package org.contactability.scheduler.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.DeliveryStatus;

/**
 * One planned message on one channel. It copies what it needs from its step or notice, so that a
 * plan keeps working the way it was made when the policy files change.
 *
 * @param stepId          step (or notice) it comes from; part of the request id
 * @param channel         channel it goes out on
 * @param fallback        channels still to try, in order, if this one fails for good
 * @param isFallback      made because an earlier channel of the same step failed
 * @param dueAt           when it goes out (quiet hours already applied)
 * @param notAfter        past this instant it is pointless (answer deadline, or the start)
 * @param causeCommitTime commit time of the HIS change that made it due at once, else null
 * @param delivery        newest delivery status heard for it
 * @param fellBack        a failure of it already led to the next channel
 * @param held            waits for the plan's earlier messages to be known not to have reached the patient
 *                        (a conditional step whose time had passed at booking); {@code dueAt} is then its
 *                        deadline, when it is given up
 * @param note            why it was skipped, cancelled or expired, for operators
 * @param skip            why it was skipped or expired, as published on contact.status; null otherwise
 */
public record PlanItem(
    String stepId,
    ItemKind kind,
    ContactPurpose purpose,
    String template,
    boolean offersAnswer,
    SendCondition condition,
    AfterConfirmation afterConfirmation,
    Channel channel,
    List<Channel> fallback,
    boolean isFallback,
    Instant dueAt,
    Instant notAfter,
    Instant causeCommitTime,
    ItemState state,
    DeliveryStatus delivery,
    boolean fellBack,
    boolean held,
    String note,
    SkipReason skip) {

  public PlanItem {
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(channel, "channel");
    fallback = fallback == null ? List.of() : List.copyOf(fallback);
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(state, "state");
  }

  /** {@code <appointmentId>:<stepId>:<planVersion>:<channel>}: the request's idempotency key. */
  public String requestId(String appointmentId, int planVersion) {
    return PlanItems.requestId(appointmentId, stepId, planVersion, channel);
  }

  public boolean isPending() {
    return state == ItemState.PENDING;
  }

  public boolean reachedPatient() {
    return delivery == DeliveryStatus.DELIVERED || delivery == DeliveryStatus.READ;
  }

  /** Not sent because the appointment changed (cancelled, rescheduled, confirmed). */
  public PlanItem cancelled(String why) {
    return closed(ItemState.CANCELLED, null, why);
  }

  /** Not sent, for {@code reason}; {@code why} says it for operators. */
  public PlanItem skipped(SkipReason reason, String why) {
    return closed(reason == SkipReason.MISSED ? ItemState.EXPIRED : ItemState.SKIPPED, reason, why);
  }

  private PlanItem closed(ItemState newState, SkipReason reason, String why) {
    return new PlanItem(stepId, kind, purpose, template, offersAnswer, condition, afterConfirmation, channel, fallback,
        isFallback, dueAt, notAfter, causeCommitTime, newState, delivery, fellBack, held, why, reason);
  }

  /** Skipped or expired: a SKIPPED status says so on contact.status. */
  public boolean wasSkipped() {
    return state == ItemState.SKIPPED || state == ItemState.EXPIRED;
  }

  public PlanItem sentOn(Channel finalChannel, List<Channel> remainingFallback) {
    return new PlanItem(stepId, kind, purpose, template, offersAnswer, condition, afterConfirmation, finalChannel,
        remainingFallback, isFallback, dueAt, notAfter, causeCommitTime, ItemState.SENT, delivery, fellBack, false, null, null);
  }

  public PlanItem movedTo(Instant newDueAt) {
    return new PlanItem(stepId, kind, purpose, template, offersAnswer, condition, afterConfirmation, channel, fallback,
        isFallback, newDueAt, notAfter, causeCommitTime, state, delivery, fellBack, held, note, skip);
  }

  /** A held item let go: due at {@code newDueAt} like any other. */
  public PlanItem releasedAt(Instant newDueAt) {
    return new PlanItem(stepId, kind, purpose, template, offersAnswer, condition, afterConfirmation, channel, fallback,
        isFallback, newDueAt, notAfter, causeCommitTime, state, delivery, fellBack, false, note, skip);
  }

  /** Sent, and no delivery report has said yet whether it reached the patient. */
  public boolean inFlight() {
    return state == ItemState.SENT && (delivery == null || delivery == DeliveryStatus.SENDING
        || delivery == DeliveryStatus.QUEUED || delivery == DeliveryStatus.SENT || delivery == DeliveryStatus.OTHER);
  }

  public boolean failed() {
    return delivery == DeliveryStatus.FAILED || delivery == DeliveryStatus.UNDELIVERED;
  }

  public PlanItem withDelivery(DeliveryStatus status, boolean fellBackNow) {
    return new PlanItem(stepId, kind, purpose, template, offersAnswer, condition, afterConfirmation, channel, fallback,
        isFallback, dueAt, notAfter, causeCommitTime, state, status, fellBack || fellBackNow, held, note, skip);
  }

  /** The next channel of the chain, as a new pending item due at {@code due}. */
  public PlanItem fallbackItem(Instant due) {
    return new PlanItem(stepId, kind, purpose, template, offersAnswer, SendCondition.ALWAYS, afterConfirmation,
        fallback.get(0), fallback.subList(1, fallback.size()), true, due, notAfter, null, ItemState.PENDING, null,
        false, false, null, null);
  }
}
