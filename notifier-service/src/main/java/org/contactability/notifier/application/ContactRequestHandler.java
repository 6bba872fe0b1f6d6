package org.contactability.notifier.application;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.contactability.common.privacy.Mask;
import org.contactability.common.privacy.UnreadablePatientData;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.notifier.application.NotifierMetrics.Outcome;
import org.contactability.notifier.domain.RecipientCheck;
import org.contactability.notifier.domain.Recipients;
import org.contactability.notifier.domain.UniqueRecipientLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one contact request at most once: checks it (expired, invalid recipient, opted out), renders
 * it, writes SENDING, hands it to its channel through the resilience wrappers, and reports what
 * happened on contact.status. Requests it gives up on are returned for the dead-letter topic.
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
  private final Suppressions suppressions;
  private final MessageComposer composer;
  private final Map<Channel, ChannelSender> senders;
  private final ResilientSending resilience;
  private final DeliveryReports reports;
  private final Clock clock;
  private final NotifierMetrics metrics;
  private final StatusEvents events;
  private final UniqueRecipientLimit whatsappLimit;
  private final RecipientPrivacy privacy;

  public ContactRequestHandler(DeliveryLedger ledger, StatusLog statusLog, Recipients recipients,
      Suppressions suppressions, MessageComposer composer, Map<Channel, ChannelSender> senders,
      ResilientSending resilience, DeliveryReports reports, Clock clock, NotifierMetrics metrics,
      UniqueRecipientLimit whatsappLimit, RecipientPrivacy privacy) {
    this.privacy = privacy;
    this.ledger = ledger;
    this.statusLog = statusLog;
    this.recipients = recipients;
    this.suppressions = suppressions;
    this.composer = composer;
    this.senders = Map.copyOf(senders);
    this.resilience = resilience;
    this.reports = reports;
    this.clock = clock;
    this.metrics = metrics;
    this.events = new StatusEvents(clock);
    this.whatsappLimit = whatsappLimit;
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
    ChannelSender sender = senders.get(channel);
    String provider = sender == null ? "none" : sender.provider();
    if (request.getNotAfter() != null && !clock.instant().isBefore(request.getNotAfter())) {
      publish(key, events.of(request, DeliveryStatus.EXPIRED, provider, null)
          .setReason("not sent: its time had passed (notAfter " + request.getNotAfter() + ")").build());
      return done(request, Outcome.EXPIRED);
    }
    ContactRequest clear;
    try {
      clear = privacy.opened(request);
    } catch (UnreadablePatientData e) {
      return unreadable(key, request, provider, e);
    }
    RecipientCheck check = recipients.check(channel, clear.getRecipient().getPhone(), clear.getRecipient().getEmail());
    if (check instanceof RecipientCheck.Invalid invalid) {
      publish(key, events.of(request, DeliveryStatus.FAILED, provider, null)
          .setPermanent(true).setReason(invalid.reason()).build());
      log.info("request {} on {} refused: {}", request.getRequestId(), channel, invalid.reason());
      return done(request, Outcome.INVALID_RECIPIENT);
    }
    String address = ((RecipientCheck.Valid) check).address();
    String sealedAddress = privacy.sealedAddress(request, address);
    String addressIndex = privacy.index(address);
    if ((channel == Channel.WHATSAPP || channel == Channel.SMS) && suppressions.contains(addressIndex)
        && request.getPurpose() != ContactPurpose.OPT_OUT_ANSWER) {
      publish(key, events.of(request, DeliveryStatus.SUPPRESSED, provider, sealedAddress)
          .setReason("not sent: the recipient opted out of WhatsApp and SMS").build());
      return done(request, Outcome.SUPPRESSED);
    }
    if (channel == Channel.WHATSAPP && !whatsappLimit.admit(request.getHospitalCode(), addressIndex, clock.instant())) {
      // Permanent for this message, so that the plan's fallback (SMS, voice) goes at once.
      publish(key, events.of(request, DeliveryStatus.FAILED, provider, sealedAddress).setPermanent(true)
          .setReason("not sent: the hospital's WhatsApp sender reached its limit of "
              + whatsappLimit.limitOf(request.getHospitalCode()).orElse(0) + " unique recipients in 24 h").build());
      log.warn("request {} of {} not sent: the WhatsApp unique-recipient limit is reached", request.getRequestId(),
          request.getHospitalCode());
      return done(request, Outcome.OVER_WHATSAPP_LIMIT);
    }
    if (sender == null) {
      String reason = "no provider is configured for " + channel;
      publish(key, events.of(request, DeliveryStatus.FAILED, provider, sealedAddress).setReason(reason).build());
      return deadLetter(request, Outcome.UNRENDERABLE, reason, "ChannelNotConfigured", 1);
    }
    OutboundMessage message;
    try {
      message = composer.compose(clear, address);
    } catch (MessageTemplates.TemplateProblem e) {
      publish(key, events.of(request, DeliveryStatus.FAILED, provider, sealedAddress).setReason(e.getMessage()).build());
      log.warn("request {} cannot be rendered: {}", request.getRequestId(), e.getMessage());
      return deadLetter(request, Outcome.UNRENDERABLE, e.getMessage(), e.getClass().getName(), 1);
    }
    ContactStatus.Builder sending = events.of(request, DeliveryStatus.SENDING, provider, sealedAddress);
    if (message.sms() != null) {
      sending.setSmsSegments(message.sms().segments()).setSmsEncoding(message.sms().encoding().label());
    }
    ContactStatus sendingStatus = sending.build();
    publish(key, sendingStatus);

    SendOutcome outcome;
    try {
      int permits = message.sms() == null ? 1 : message.sms().segments();
      outcome = resilience.send(channel, ResilientSending.senderKey(request.getHospitalCode(), channel), permits,
          () -> timed(sender, message));
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
          request.getTemplate(), sender.provider(), channel, Mask.address(address), accepted.providerMessageId());
      accepted.followUps().forEach(report -> reports.report(sender.provider(), report));
      return done(request, Outcome.SENT);
    }
    SendOutcome.Rejected rejected = (SendOutcome.Rejected) outcome;
    publish(key, events.after(sendingStatus, rejected.status()).setErrorCode(rejected.errorCode())
        .setPermanent(rejected.permanent()).setReason(rejected.reason()).build());
    log.info("request {} to {} rejected by {}: {} {}", request.getRequestId(), Mask.address(address),
        sender.provider(), rejected.errorCode(), rejected.reason());
    return done(request, Outcome.REJECTED);
  }

  /**
   * A request whose recipient cannot be opened is not sent. Its patient erased: recorded as failed for good with the
   * reason "patient erased". Its key not here (yet) or the value damaged: parked for an operator's replay.
   */
  private Result unreadable(String key, ContactRequest request, String provider, UnreadablePatientData e) {
    if (e.erased()) {
      publish(key, events.of(request, DeliveryStatus.FAILED, provider, null).setPermanent(true)
          .setReason(PATIENT_ERASED).build());
      log.info("request {} not sent: {}", request.getRequestId(), PATIENT_ERASED);
      return done(request, Outcome.PATIENT_ERASED);
    }
    String reason = "not sent: its recipient cannot be decrypted (" + e.getMessage() + ")";
    publish(key, events.of(request, DeliveryStatus.FAILED, provider, null).setReason(reason).build());
    return deadLetter(request, Outcome.UNREADABLE, reason, "UnreadablePatientData." + e.reason(), 1);
  }

  private SendOutcome timed(ChannelSender sender, OutboundMessage message) throws TransientSendException {
    long started = System.nanoTime();
    try {
      return sender.send(message);
    } finally {
      metrics.providerCall(message.channel(), sender.provider(), Duration.ofNanos(System.nanoTime() - started));
    }
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
