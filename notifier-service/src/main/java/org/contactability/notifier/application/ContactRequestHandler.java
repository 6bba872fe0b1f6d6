package org.contactability.notifier.application;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.contactability.common.privacy.Mask;
import org.contactability.common.privacy.UnreadablePatientData;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.notifier.application.NotifierMetrics.Outcome;
import org.contactability.notifier.domain.OutgoingRequest;
import org.contactability.notifier.domain.Recipients;
import org.contactability.notifier.domain.Refusal;
import org.contactability.notifier.domain.SendingRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one contact request once: settles a send left in doubt by a stopped process with the provider first,
 * checks it against the {@link SendingRules} (expired, recipient invalid, opted out, over the WhatsApp limit, no
 * provider), renders it, writes SENDING, hands it to its channel ({@link ChannelDispatch}, which retries until the
 * request's deadline), and reports what happened on contact.status. The steps are split at the SENDING status
 * ({@link #prepare}, {@link #announce}, {@link #send}) so that a lane writes the SENDING statuses of a whole batch
 * with one wait for the broker; each is still durable before its own provider call. What the provider answered is
 * queued without a wait ({@link #send}'s future completes once it is durable), so that a lane's threads go on to
 * the next send while the broker acknowledges. Requests that failed on our side (a template
 * that cannot render, no provider configured) are returned for the dead-letter topic; a provider that stays
 * unavailable until the deadline ends the request FAILED with failure TEMPORARY, for the plan's next channel.
 */
public final class ContactRequestHandler {

  private static final Logger log = LoggerFactory.getLogger(ContactRequestHandler.class);
  /** The reason on contact.status of a request whose patient was erased (crypto-shredding). */
  public static final String PATIENT_ERASED = "patient erased";

  /** What the caller (the Kafka lane) must still do with the record. */
  public sealed interface Result {

    record Done(Outcome outcome) implements Result {
    }

    /** Park the record on the dead-letter topic with this reason. */
    record DeadLetter(Outcome outcome, String reason, String errorType, int attempts) implements Result {
    }
  }

  private final DeliveryLedger ledger;
  private final StatusLog statusLog;
  private final Recipients recipients;
  private final List<SendingRules.Rule> rules;
  private final MessageComposer composer;
  private final ChannelDispatch dispatch;
  private final DeliveryReports reports;
  private final Clock clock;
  private final NotifierMetrics metrics;
  private final StatusEvents events;
  private final RecipientPrivacy privacy;

  /**
   * @param rules   checked in order before a request is rendered ({@link SendingRules#all})
   * @param privacy opens the recipient and the names to send, seals the address written back
   */
  public ContactRequestHandler(DeliveryLedger ledger, StatusLog statusLog, Recipients recipients,
      List<SendingRules.Rule> rules, MessageComposer composer, ChannelDispatch dispatch, DeliveryReports reports,
      Clock clock, NotifierMetrics metrics, RecipientPrivacy privacy) {
    this.privacy = privacy;
    this.ledger = ledger;
    this.statusLog = statusLog;
    this.recipients = recipients;
    this.rules = List.copyOf(rules);
    this.composer = composer;
    this.dispatch = dispatch;
    this.reports = reports;
    this.clock = clock;
    this.metrics = metrics;
    this.events = new StatusEvents(clock);
  }

  /**
   * What {@link #prepare} leaves: a request that is done (a duplicate, refused, settled, in doubt and sent), or one
   * ready to go to its provider once its SENDING status is durable.
   */
  public sealed interface Prepared {

    record Finished(Result result) implements Prepared {
    }

    /** Claimed and rendered, its SENDING status built: {@link #announce}, then {@link #send} or {@link #abandon}. */
    final class Ready implements Prepared {

      private final String key;
      private final ContactRequest request;
      private final String provider;
      private final String address;
      private final OutboundMessage message;
      private final ContactStatus sending;

      private Ready(String key, ContactRequest request, String provider, String address, OutboundMessage message,
          ContactStatus sending) {
        this.key = key;
        this.request = request;
        this.provider = provider;
        this.address = address;
        this.message = message;
        this.sending = sending;
      }
    }
  }

  /**
   * Claims a request and takes it as far as its SENDING status: settles a send in doubt with the provider (and then
   * sends it here, since its SENDING is already written), checks the rules, renders it.
   */
  public Prepared prepare(String key, ContactRequest request) {
    String requestId = request.getRequestId();
    DeliveryLedger.Claim claim = ledger.claim(requestId);
    if (claim instanceof DeliveryLedger.Claim.Duplicate duplicate) {
      log.debug("request {} already handled ({}); not sent again", requestId, duplicate.entry().latest().getStatus());
      return new Prepared.Finished(done(request, Outcome.DUPLICATE));
    }
    if (claim instanceof DeliveryLedger.Claim.InFlight) {
      return new Prepared.Finished(done(request, Outcome.DUPLICATE));
    }
    ContactStatus inDoubt = claim instanceof DeliveryLedger.Claim.InDoubt doubt ? doubt.entry().latest() : null;
    Prepared prepared;
    try {
      prepared = ready(key, request, inDoubt);
    } catch (RuntimeException e) {
      ledger.release(requestId);
      throw e;
    }
    if (prepared instanceof Prepared.Ready ready && inDoubt != null) {
      return new Prepared.Finished(joined(send(ready)));
    }
    if (prepared instanceof Prepared.Finished) {
      ledger.release(requestId);
    }
    return prepared;
  }

  /**
   * Writes the SENDING statuses of requests ready to be sent (a lane's batch) with one wait for the broker; each is
   * durable before any of them goes to its provider. Throws when they could not be written: then {@link #abandon}
   * each, and read the requests again.
   */
  public void announce(List<Prepared.Ready> ready) {
    List<StatusLog.Keyed> sending = ready.stream().map(r -> new StatusLog.Keyed(r.key, r.sending)).toList();
    if (sending.isEmpty()) {
      return;
    }
    ledger.publishEachIfAdvances(sending, statusLog::publishEach).forEach(keyed ->
        metrics.status(keyed.status().getChannel(), keyed.status().getStatus(), keyed.status().getFailure()));
  }

  /** Gives up a request whose SENDING could not be written: nothing was sent, and it is read again. */
  public void abandon(Prepared.Ready ready) {
    ledger.release(ready.request.getRequestId());
  }

  /**
   * Hands an announced request to its channel and reports what happened. Returns once the provider answered; the
   * result completes once what it answered is durable on contact.status (fails when it could not be written: then
   * the request is read again, and settled with the provider since its SENDING is the latest status).
   */
  public CompletableFuture<Result> send(Prepared.Ready ready) {
    String requestId = ready.request.getRequestId();
    CompletableFuture<Result> result;
    try {
      result = dispatched(ready);
    } catch (RuntimeException e) {
      ledger.release(requestId);
      throw e;
    }
    return result.whenComplete((done, failure) -> ledger.release(requestId));
  }

  /** @param inDoubt the SENDING status a stopped process left, when it may have reached the provider; else null */
  private Prepared ready(String key, ContactRequest request, ContactStatus inDoubt) {
    Channel channel = request.getChannel();
    String provider = dispatch.provider(channel);
    ContactRequest clear;
    try {
      clear = privacy.opened(request);
    } catch (UnreadablePatientData e) {
      return new Prepared.Finished(unreadable(key, request, provider, e));
    }
    OutgoingRequest outgoing = new OutgoingRequest(clear,
        recipients.check(channel, clear.getRecipient().getPhone(), clear.getRecipient().getEmail()), clock.instant());
    if (inDoubt != null && outgoing.address().isPresent() && dispatch.channels().contains(channel)) {
      Optional<Result> settled = settle(key, request, clear, outgoing.address().get(), inDoubt);
      if (settled.isPresent()) {
        return new Prepared.Finished(settled.get());
      }
    }
    Optional<Refusal> refusal = SendingRules.firstRefusal(rules, outgoing);
    if (refusal.isPresent()) {
      return new Prepared.Finished(refused(key, request, provider, refusal.get()));
    }
    String address = outgoing.address().orElseThrow();
    String sealedAddress = privacy.sealedAddress(request, address);
    OutboundMessage message;
    try {
      message = composer.compose(clear, address);
    } catch (MessageTemplates.TemplateProblem e) {
      publish(key, StatusEvents.failure(events.of(request, DeliveryStatus.FAILED, provider, sealedAddress),
          FailureKind.TECHNICAL).setReason(e.getMessage()).build());
      log.warn("request {} cannot be rendered: {}", request.getRequestId(), e.getMessage());
      return new Prepared.Finished(deadLetter(request, Outcome.UNRENDERABLE, e.getMessage(), e.getClass().getName(),
          1));
    }
    if (inDoubt != null) {
      // The provider holds nothing of it: this send is the one SENDING announced.
      return new Prepared.Ready(key, request, provider, address, message, inDoubt);
    }
    ContactStatus.Builder sending = events.of(request, DeliveryStatus.SENDING, provider, sealedAddress);
    if (message.sms() != null) {
      sending.setSmsSegments(message.sms().segments()).setSmsEncoding(message.sms().encoding().label());
    }
    return new Prepared.Ready(key, request, provider, address, message, sending.build());
  }

  private CompletableFuture<Result> dispatched(Prepared.Ready ready) {
    String key = ready.key;
    ContactRequest request = ready.request;
    String provider = ready.provider;
    String address = ready.address;
    OutboundMessage message = ready.message;
    ContactStatus sendingStatus = ready.sending;
    SendOutcome outcome;
    try {
      outcome = dispatch.send(message, request.getNotAfter());
    } catch (SendGaveUp e) {
      publish(key, StatusEvents.failure(events.after(sendingStatus, DeliveryStatus.FAILED), FailureKind.TEMPORARY)
          .setErrorCode(e.errorCode()).setReason(e.getMessage()).build());
      log.warn("request {} to {} not taken by {} in time: {}", request.getRequestId(), Mask.address(address), provider,
          e.getMessage());
      return CompletableFuture.completedFuture(done(request, Outcome.GAVE_UP));
    }
    if (outcome instanceof SendOutcome.Accepted accepted) {
      return accepted(key, request, provider, address, sendingStatus, accepted).thenApply(written -> {
        if (message.sms() != null) {
          metrics.smsSegments(message.sms());
        }
        metrics.acceptedAfterHisCommit(request.getHospitalCode(), request.getChannel(), request.getSourceCommitTime());
        return done(request, Outcome.SENT);
      });
    }
    SendOutcome.Rejected rejected = (SendOutcome.Rejected) outcome;
    publish(key, StatusEvents.failure(events.after(sendingStatus, rejected.status()), rejected.failure())
        .setErrorCode(rejected.errorCode()).setReason(rejected.reason()).build());
    log.info("request {} to {} rejected by {}: {} {}", request.getRequestId(), Mask.address(address),
        provider, rejected.errorCode(), rejected.reason());
    if (rejected.failure() == FailureKind.TECHNICAL) {
      return CompletableFuture.completedFuture(deadLetter(request, Outcome.UNRENDERABLE, rejected.reason(),
          "ProviderConfiguration", 1));
    }
    return CompletableFuture.completedFuture(done(request, Outcome.REJECTED));
  }

  /**
   * Asks the provider whether it holds a message whose send was cut off: if it does, records what it has (and
   * nothing is sent); if it does not, the request goes on as a new send.
   */
  private Optional<Result> settle(String key, ContactRequest request, ContactRequest clear, String address,
      ContactStatus inDoubt) {
    OutboundMessage message;
    try {
      message = composer.compose(clear, address);
    } catch (MessageTemplates.TemplateProblem e) {
      return Optional.empty(); // it cannot have been sent either: the normal path reports it
    }
    Optional<SendOutcome.Accepted> held;
    try {
      held = dispatch.settle(message, inDoubt.getOccurredAt(), request.getNotAfter());
    } catch (SendGaveUp e) {
      publish(key, StatusEvents.failure(events.after(inDoubt, DeliveryStatus.FAILED), FailureKind.TEMPORARY)
          .setErrorCode(e.errorCode()).setReason("the send was cut off and the provider could not be asked whether it"
              + " took it; " + e.getMessage()).build());
      return Optional.of(done(request, Outcome.GAVE_UP));
    }
    if (held.isEmpty()) {
      log.info("request {} was cut off mid-send; {} holds nothing of it, so it is sent", request.getRequestId(),
          inDoubt.getProvider());
      return Optional.empty();
    }
    log.info("request {} was cut off mid-send; {} holds it as {}: recorded, not sent again", request.getRequestId(),
        inDoubt.getProvider(), held.get().providerMessageId());
    joined(accepted(key, request, inDoubt.getProvider(), address, inDoubt, held.get()));
    return Optional.of(done(request, Outcome.SETTLED));
  }

  /**
   * Records what the provider took, with the reports that came with its answer (the sandbox's SENT and DELIVERED),
   * in one write that is not waited for here: the send itself was already recorded (SENDING), so a crash or a
   * failed write before these are durable is settled with the provider when the request is read again, and the
   * lane commits the request only once they are durable.
   */
  private CompletableFuture<Void> accepted(String key, ContactRequest request, String provider, String address,
      ContactStatus sending, SendOutcome.Accepted accepted) {
    List<ContactStatus> statuses = new ArrayList<>();
    ContactStatus latest = events.after(sending, accepted.status()).setProviderMessageId(accepted.providerMessageId())
        .build();
    statuses.add(latest);
    for (ProviderReport report : accepted.followUps()) {
      latest = reports.statusAfter(latest, accepted.providerMessageId(), report);
      statuses.add(latest);
    }
    DeliveryLedger.Written written = ledger.publishAllIfAdvancesLater(key, statuses,
        s -> statusLog.publishAllLater(key, s));
    List<ContactStatus> published = written.published();
    log.info("request {} ({}/{}) handed to {} on {} for {}: {}{}", request.getRequestId(), request.getHospitalCode(),
        request.getTemplate(), provider, request.getChannel(), Mask.address(address), accepted.providerMessageId(),
        published.size() > 1 ? "; then " + published.subList(1, published.size()).stream()
            .map(status -> status.getStatus() + (status.getErrorCode() == null ? "" : " (error " + status.getErrorCode()
                + ")")).toList() : "");
    return written.durable().thenRun(() ->
        published.forEach(status -> metrics.status(status.getChannel(), status.getStatus(), status.getFailure())));
  }

  /** Reported on contact.status with the rule's reason; parked too when an operator must act. */
  private Result refused(String key, ContactRequest request, String provider, Refusal refusal) {
    ContactStatus.Builder status = events.of(request, refusal.status(), provider,
        privacy.sealedAddress(request, refusal.recipient()));
    publish(key, (refusal.failure() == null ? status : StatusEvents.failure(status, refusal.failure()))
        .setReason(refusal.reason()).build());
    log.info("request {} on {} not sent ({}): {}", request.getRequestId(), request.getChannel(), refusal.kind(),
        refusal.reason());
    return switch (refusal.kind()) {
      case EXPIRED -> done(request, Outcome.EXPIRED);
      case INVALID_RECIPIENT -> done(request, Outcome.INVALID_RECIPIENT);
      case SUPPRESSED -> done(request, Outcome.SUPPRESSED);
      case OVER_WHATSAPP_LIMIT -> done(request, Outcome.OVER_WHATSAPP_LIMIT);
      case NO_PROVIDER -> deadLetter(request, Outcome.UNRENDERABLE, refusal.reason(), "ChannelNotConfigured", 1);
    };
  }

  /**
   * A request whose recipient cannot be opened is not sent. Its patient erased: recorded as failed for good with the
   * reason "patient erased". Its key not here (yet) or the value damaged: parked for an operator's replay.
   */
  private Result unreadable(String key, ContactRequest request, String provider, UnreadablePatientData e) {
    if (e.erased()) {
      publish(key, StatusEvents.failure(events.of(request, DeliveryStatus.FAILED, provider, null),
          FailureKind.PERMANENT).setReason(PATIENT_ERASED).build());
      log.info("request {} not sent: {}", request.getRequestId(), PATIENT_ERASED);
      return done(request, Outcome.PATIENT_ERASED);
    }
    String reason = "not sent: its recipient cannot be decrypted (" + e.getMessage() + ")";
    publish(key, StatusEvents.failure(events.of(request, DeliveryStatus.FAILED, provider, null), FailureKind.TECHNICAL)
        .setReason(reason).build());
    return deadLetter(request, Outcome.UNREADABLE, reason, "UnreadablePatientData." + e.reason(), 1);
  }

  private void publish(String key, ContactStatus status) {
    if (ledger.publishIfAdvances(key, status, s -> statusLog.publish(key, s))) {
      metrics.status(status.getChannel(), status.getStatus(), status.getFailure());
    }
  }

  /** Waits for a step that is rare enough to be done in line (a send settled at start). */
  private static <T> T joined(CompletableFuture<T> step) {
    try {
      return step.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private Result deadLetter(ContactRequest request, Outcome outcome, String reason, String errorType, int attempts) {
    metrics.request(request.getHospitalCode(), request.getChannel(), outcome);
    return new Result.DeadLetter(outcome, reason, errorType, attempts);
  }

  private Result done(ContactRequest request, Outcome outcome) {
    metrics.request(request.getHospitalCode(), request.getChannel(), outcome);
    return new Result.Done(outcome);
  }
}
