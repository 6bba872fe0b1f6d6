package org.contactability.notifier.application;

import java.time.Clock;
import java.util.Optional;

import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what providers report after a send (Twilio status callbacks, the sandbox's delivery) into
 * contact.status events: the report is tied to its request (by the request id our callback URL
 * carries, else by the provider's message id), and published only if it moves the request forward.
 */
public final class DeliveryReports {

  private static final Logger log = LoggerFactory.getLogger(DeliveryReports.class);

  /** What became of a report. */
  public enum Result { PUBLISHED, NOT_NEWER, UNKNOWN_REQUEST }

  private final DeliveryLedger ledger;
  private final StatusLog statusLog;
  private final StatusEvents events;
  private final NotifierMetrics metrics;

  public DeliveryReports(DeliveryLedger ledger, StatusLog statusLog, Clock clock, NotifierMetrics metrics) {
    this.ledger = ledger;
    this.statusLog = statusLog;
    this.events = new StatusEvents(clock);
    this.metrics = metrics;
  }

  public Result report(String provider, ProviderReport report) {
    Optional<DeliveryLedger.Entry> entry = Optional.ofNullable(report.requestId()).flatMap(ledger::find)
        .or(() -> Optional.ofNullable(report.providerMessageId()).flatMap(ledger::findByProviderMessageId));
    if (entry.isEmpty()) {
      metrics.unmatchedReport(provider);
      log.info("{} reported {} for message {} of no recent request; ignored", provider, report.status(),
          report.providerMessageId());
      return Result.UNKNOWN_REQUEST;
    }
    ContactStatus status = statusAfter(entry.get().latest(), entry.get().providerMessageId(), report);
    boolean published = ledger.publishIfAdvances(entry.get().key(), status, s -> statusLog.publish(entry.get().key(), s));
    if (!published) {
      return Result.NOT_NEWER;
    }
    metrics.status(status.getChannel(), status.getStatus(), status.getFailure());
    log.info("request {} {} via {} (error {})", status.getRequestId(), status.getStatus(), provider,
        status.getErrorCode() == null ? "none" : status.getErrorCode());
    return Result.PUBLISHED;
  }

  /**
   * The status {@code report} makes of a request whose latest status is {@code latest}.
   *
   * @param providerMessageId the provider's id the request is known by, when the report does not carry one
   */
  public ContactStatus statusAfter(ContactStatus latest, String providerMessageId, ProviderReport report) {
    ContactStatus.Builder next = events.after(latest, report.status())
        .setErrorCode(report.errorCode())
        .setReason(report.reason());
    if (report.status() == DeliveryStatus.FAILED || report.status() == DeliveryStatus.UNDELIVERED) {
      // What a provider reports after taking a message is about the address or the carrier, never our side.
      StatusEvents.failure(next, report.permanent() ? FailureKind.PERMANENT : FailureKind.TEMPORARY);
    }
    return next.setProviderMessageId(report.providerMessageId() != null ? report.providerMessageId()
        : providerMessageId).build();
  }
}
