package org.contactability.notifier.application;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.contactability.common.privacy.Mask;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.notifier.application.NotifierMetrics.Outcome;
import org.contactability.notifier.domain.OutgoingRequest;
import org.contactability.notifier.domain.Recipients;
import org.contactability.notifier.domain.Refusal;
import org.contactability.notifier.domain.SendingRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one contact request at most once: checks it against the {@link SendingRules} (expired, recipient
 * invalid, opted out, over the WhatsApp limit, no provider), renders it, writes SENDING, hands it to its
 * channel ({@link ChannelDispatch}), and reports what happened on contact.status. Requests it gives up on
 * are returned for the dead-letter topic.
 */
public final class ContactRequestHandler {

  private static final Logger log = LoggerFactory.getLogger(ContactRequestHandler.class);

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

  /** @param rules checked in order before a request is rendered ({@link SendingRules#all}) */
  public ContactRequestHandler(DeliveryLedger ledger, StatusLog statusLog, Recipients recipients,
      List<SendingRules.Rule> rules, MessageComposer composer, ChannelDispatch dispatch, DeliveryReports reports,
      Clock clock, NotifierMetrics metrics) {
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

  public Result handle(String key, ContactRequest request) {
    String requestId = request.getRequestId();
    DeliveryLedger.Claim claim = ledger.claim(requestId);
    if (claim instanceof DeliveryLedger.Claim.Duplicate duplicate) {
      log.debug("request {} already handled ({}); not sent again", requestId, duplicate.entry().latest().getStatus());
      return done(request, Outcome.DUPLICATE);
    }
    if (claim instanceof DeliveryLedger.Claim.InFlight) {
      return done(request, Outcome.DUPLICATE);
    }
    if (claim instanceof DeliveryLedger.Claim.Interrupted interrupted) {
      log.warn("request {} was being handed to {} when the notifier stopped; it may have gone out, so it is not"
          + " sent again (provider callbacks will still report it)", requestId,
          interrupted.entry().latest().getProvider());
      return done(request, Outcome.INTERRUPTED);
    }
    try {
      return process(key, request);
    } finally {
      ledger.release(requestId);
    }
  }

  private Result process(String key, ContactRequest request) {
    Channel channel = request.getChannel();
    String provider = dispatch.provider(channel);
    OutgoingRequest outgoing = new OutgoingRequest(request,
        recipients.check(channel, request.getRecipient().getPhone(), request.getRecipient().getEmail()),
        clock.instant());
    Optional<Refusal> refusal = SendingRules.firstRefusal(rules, outgoing);
    if (refusal.isPresent()) {
      return refused(key, request, provider, refusal.get());
    }
    String address = outgoing.address().orElseThrow();
    OutboundMessage message;
    try {
      message = composer.compose(request, address);
    } catch (MessageTemplates.TemplateProblem e) {
      publish(key, events.of(request, DeliveryStatus.FAILED, provider, address).setReason(e.getMessage()).build());
      log.warn("request {} cannot be rendered: {}", request.getRequestId(), e.getMessage());
      return deadLetter(request, Outcome.UNRENDERABLE, e.getMessage(), e.getClass().getName(), 1);
    }
    ContactStatus.Builder sending = events.of(request, DeliveryStatus.SENDING, provider, address);
    if (message.sms() != null) {
      sending.setSmsSegments(message.sms().segments()).setSmsEncoding(message.sms().encoding().label());
    }
    ContactStatus sendingStatus = sending.build();
    publish(key, sendingStatus);

    SendOutcome outcome;
    try {
      outcome = dispatch.send(message);
    } catch (SendGaveUp e) {
      publish(key, events.after(sendingStatus, DeliveryStatus.FAILED).setErrorCode(e.errorCode())
          .setReason(e.getMessage() + "; parked on the dead-letter topic").build());
      log.warn("request {} to {} given up: {}", request.getRequestId(), Mask.address(address), e.getMessage());
      return deadLetter(request, Outcome.GAVE_UP, e.getMessage(), e.getCause().getClass().getName(), e.attempts());
    }
    if (outcome instanceof SendOutcome.Accepted accepted) {
      publish(key, events.after(sendingStatus, accepted.status())
          .setProviderMessageId(accepted.providerMessageId()).build());
      if (message.sms() != null) {
        metrics.smsSegments(message.sms());
      }
      metrics.acceptedAfterHisCommit(request.getHospitalCode(), channel, request.getSourceCommitTime());
      log.info("request {} ({}/{}) handed to {} on {} for {}: {}", request.getRequestId(), request.getHospitalCode(),
          request.getTemplate(), provider, channel, Mask.address(address), accepted.providerMessageId());
      accepted.followUps().forEach(report -> reports.report(provider, report));
      return done(request, Outcome.SENT);
    }
    SendOutcome.Rejected rejected = (SendOutcome.Rejected) outcome;
    publish(key, events.after(sendingStatus, rejected.status()).setErrorCode(rejected.errorCode())
        .setPermanent(rejected.permanent()).setReason(rejected.reason()).build());
    log.info("request {} to {} rejected by {}: {} {}", request.getRequestId(), Mask.address(address),
        provider, rejected.errorCode(), rejected.reason());
    return done(request, Outcome.REJECTED);
  }

  /** Reported on contact.status with the rule's reason; parked too when an operator must act. */
  private Result refused(String key, ContactRequest request, String provider, Refusal refusal) {
    publish(key, events.of(request, refusal.status(), provider, refusal.recipient())
        .setPermanent(refusal.permanent()).setReason(refusal.reason()).build());
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

  private void publish(String key, ContactStatus status) {
    if (ledger.publishIfAdvances(key, status, s -> statusLog.publish(key, s))) {
      metrics.status(status.getChannel(), status.getStatus());
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
