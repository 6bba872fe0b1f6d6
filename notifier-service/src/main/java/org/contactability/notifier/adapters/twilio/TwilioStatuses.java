package org.contactability.notifier.adapters.twilio;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.twilio.exception.ApiException;
import com.twilio.rest.api.v2010.account.Message;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.notifier.application.ProviderReport;
import org.contactability.notifier.application.SendOutcome;
import org.contactability.notifier.application.TransientSendException;

/** Twilio's message and call statuses and errors in the platform's vocabulary. */
public final class TwilioStatuses {

  private TwilioStatuses() {
  }

  /** Status of a message as the create call returns it. */
  static DeliveryStatus ofMessage(Message.Status status) {
    DeliveryStatus mapped = status == null ? null : ofMessageStatus(status.toString());
    return mapped == null ? DeliveryStatus.QUEUED : mapped;
  }

  /** Status of a call as the create call returns it. */
  static DeliveryStatus ofCall(String status) {
    DeliveryStatus mapped = ofCallStatus(status);
    return mapped == null ? DeliveryStatus.QUEUED : mapped;
  }

  /**
   * Twilio refused the request: a permanent refusal is an outcome, our configuration a technical failure (an operator
   * must act), anything else is retried. A call that got no answer (a timeout, a dropped connection) is in doubt:
   * Twilio may have created the message.
   */
  static SendOutcome rejectedOrThrow(ApiException e) throws TransientSendException {
    if (e.getCode() == null && e.getStatusCode() == null) {
      // twilio-java reports I/O failures (refused connection, timeout) as an ApiException without a code.
      String cause = e.getCause() == null ? "no answer" : e.getCause().getClass().getSimpleName();
      throw new TransientSendException(null, "could not reach Twilio (" + cause + ")", null, true);
    }
    TwilioErrors.Meaning meaning = TwilioErrors.of(e.getCode(), e.getStatusCode());
    String code = e.getCode() == null ? null : e.getCode().toString();
    // Twilio's own message may quote the phone number: only the code and our description are kept.
    return switch (meaning.kind()) {
      case PERMANENT -> new SendOutcome.Rejected(DeliveryStatus.FAILED, code, FailureKind.PERMANENT,
          meaning.description());
      case CONFIGURATION -> new SendOutcome.Rejected(DeliveryStatus.FAILED, code != null ? code
          : String.valueOf(e.getStatusCode()), FailureKind.TECHNICAL, "Twilio configuration: " + meaning.description());
      case TRANSIENT -> throw new TransientSendException(code != null ? code : String.valueOf(e.getStatusCode()),
          "Twilio: " + meaning.description(), null);
    };
  }

  /**
   * A message or call Twilio holds for a send in doubt, as an accepted send: QUEUED with its id, and its status
   * today (sent, delivered, failed with its error) as a report after it.
   */
  static SendOutcome.Accepted found(String requestId, String sid, String sidParam, String statusParam, String status,
      String errorCode) {
    Map<String, String> params = new java.util.HashMap<>();
    params.put(sidParam, sid);
    if (status != null) {
      params.put(statusParam, status);
    }
    if (errorCode != null) {
      params.put("ErrorCode", errorCode);
    }
    return new SendOutcome.Accepted(sid, DeliveryStatus.QUEUED, fromCallback(params, requestId)
        .filter(report -> report.status() != DeliveryStatus.QUEUED).stream().toList());
  }

  /**
   * A status callback's parameters (messages: MessageSid, MessageStatus, ErrorCode; calls: CallSid,
   * CallStatus) as a report; empty for statuses that do not change ours ("sending", inbound ones).
   */
  public static Optional<ProviderReport> fromCallback(Map<String, String> params, String requestId) {
    String callSid = params.get("CallSid");
    String callStatus = params.get("CallStatus");
    if (callSid != null && callStatus != null) {
      return ofCallback(requestId, callSid, ofCallStatus(callStatus), params.get("ErrorCode"), callStatus);
    }
    String messageSid = params.getOrDefault("MessageSid", params.get("SmsSid"));
    String messageStatus = params.getOrDefault("MessageStatus", params.get("SmsStatus"));
    if (messageSid == null || messageStatus == null) {
      return Optional.empty();
    }
    return ofCallback(requestId, messageSid, ofMessageStatus(messageStatus), params.get("ErrorCode"), messageStatus);
  }

  private static Optional<ProviderReport> ofCallback(String requestId, String sid, DeliveryStatus status,
      String errorCode, String twilioStatus) {
    if (status == null) {
      return Optional.empty();
    }
    boolean failure = status == DeliveryStatus.FAILED || status == DeliveryStatus.UNDELIVERED;
    if (!failure) {
      return Optional.of(new ProviderReport(requestId, sid, status, null, false, null));
    }
    String code = errorCode == null || errorCode.isBlank() ? null : errorCode.trim();
    if (code == null) {
      return Optional.of(new ProviderReport(requestId, sid, status, null, false, "Twilio reported " + twilioStatus));
    }
    TwilioErrors.Meaning meaning;
    try {
      meaning = TwilioErrors.of(Integer.valueOf(code), null);
    } catch (NumberFormatException e) {
      meaning = TwilioErrors.of(null, null);
    }
    return Optional.of(new ProviderReport(requestId, sid, status, code, meaning.permanent(), meaning.description()));
  }

  private static DeliveryStatus ofMessageStatus(String status) {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "accepted", "scheduled", "queued" -> DeliveryStatus.QUEUED;
      case "sent" -> DeliveryStatus.SENT;
      case "delivered", "partially_delivered" -> DeliveryStatus.DELIVERED;
      case "read" -> DeliveryStatus.READ;
      case "undelivered" -> DeliveryStatus.UNDELIVERED;
      case "failed", "canceled" -> DeliveryStatus.FAILED;
      default -> null; // "sending", and "receiving"/"received" of inbound messages
    };
  }

  private static DeliveryStatus ofCallStatus(String status) {
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "queued", "initiated" -> DeliveryStatus.QUEUED;
      case "ringing" -> DeliveryStatus.SENT;
      // Answered: someone (or a voicemail) picked up and heard the message.
      case "in-progress", "completed" -> DeliveryStatus.DELIVERED;
      case "busy", "no-answer" -> DeliveryStatus.UNDELIVERED;
      case "failed", "canceled" -> DeliveryStatus.FAILED;
      default -> null;
    };
  }
}
