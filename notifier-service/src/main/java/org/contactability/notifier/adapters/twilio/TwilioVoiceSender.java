package org.contactability.notifier.adapters.twilio;

import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.HttpMethod;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.CallCreator;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Say;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.notifier.application.ChannelSender;
import org.contactability.notifier.application.OutboundMessage;
import org.contactability.notifier.application.SendOutcome;
import org.contactability.notifier.application.TransientSendException;

/**
 * Voice calls through Twilio's Calls API. A call that takes an answer fetches its TwiML from
 * response-service ({@code <response base URL>/twilio/voice/<token>}), which reads the message and
 * gathers one digit; a call that only informs carries its script inline ({@code <Say>}).
 *
 * <p>A call in doubt is looked up in Twilio's list of calls to the number from the hospital's caller id (the newest
 * {@value TwilioMessagingSender#LOOKUP_PAGE}): the oldest created since the send began that no other request
 * recorded is taken as ours. Limit: the
 * Calls resource does not show the TwiML URL or script, so a call is matched by caller id, number and time only.
 */
public final class TwilioVoiceSender implements ChannelSender {

  /** Call progress events Twilio reports to the status callback. */
  static final List<String> CALL_EVENTS = List.of("initiated", "ringing", "answered", "completed");

  private final TwilioRestClient client;
  private final Function<String, TwilioSenders> sendersOfHospital;
  private final String statusCallbackUrl;
  private final Say.Language language;

  /** @param language language of inline {@code <Say>} scripts, e.g. "es-MX" */
  public TwilioVoiceSender(TwilioRestClient client, Function<String, TwilioSenders> sendersOfHospital,
      String statusCallbackUrl, String language) {
    this.client = client;
    this.sendersOfHospital = sendersOfHospital;
    this.statusCallbackUrl = statusCallbackUrl;
    this.language = Say.Language.valueOf(language.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  @Override
  public String provider() {
    return "twilio";
  }

  @Override
  public SendOutcome send(OutboundMessage message) throws TransientSendException {
    TwilioSenders senders = sendersOfHospital.apply(message.hospitalCode());
    if (senders == null || senders.voiceFrom() == null || senders.voiceFrom().isBlank()) {
      return new SendOutcome.Rejected(DeliveryStatus.FAILED, null, FailureKind.TECHNICAL, "notifier.hospitals."
          + message.hospitalCode() + ".voice-from is not configured");
    }
    PhoneNumber to = new PhoneNumber(message.to());
    PhoneNumber from = new PhoneNumber(senders.voiceFrom());
    CallCreator creator;
    if (message.voiceUrl() != null) {
      creator = Call.creator(to, from, URI.create(message.voiceUrl())).setMethod(HttpMethod.POST);
    } else {
      String script = new VoiceResponse.Builder()
          .say(new Say.Builder(message.text()).language(language).build()).build().toXml();
      creator = Call.creator(to, from, new Twiml(script));
    }
    creator.setStatusCallback(TwilioSenders.statusCallback(statusCallbackUrl, message.requestId()))
        .setStatusCallbackMethod(HttpMethod.POST)
        .setStatusCallbackEvent(CALL_EVENTS);
    try {
      Call call = creator.create(client);
      return new SendOutcome.Accepted(call.getSid(), TwilioStatuses.ofCall(call.getStatus().toString()), List.of());
    } catch (ApiException e) {
      return TwilioStatuses.rejectedOrThrow(e);
    } catch (ApiConnectionException e) {
      throw new TransientSendException(null, "could not reach Twilio: " + e.getMessage(), e, true);
    } catch (TwilioException e) {
      throw new TransientSendException(null, "Twilio client error: " + e.getMessage(), e, true);
    }
  }

  @Override
  public List<SendOutcome.Accepted> lookUp(OutboundMessage message, Instant since) throws TransientSendException {
    TwilioSenders senders = sendersOfHospital.apply(message.hospitalCode());
    if (senders == null || senders.voiceFrom() == null || senders.voiceFrom().isBlank()) {
      return List.of(); // it cannot have been sent without a caller id
    }
    List<Call> found;
    try {
      found = Call.reader().setTo(message.to()).setFrom(senders.voiceFrom())
          .setPageSize(TwilioMessagingSender.LOOKUP_PAGE).firstPage(client).getRecords();
    } catch (ApiException | ApiConnectionException e) {
      throw new TransientSendException(e instanceof ApiException api && api.getCode() != null
          ? api.getCode().toString() : null, "could not ask Twilio for the calls of a send in doubt", null);
    }
    return found.stream()
        .filter(c -> c.getDateCreated() != null && !c.getDateCreated().toInstant().isBefore(since))
        .sorted(Comparator.comparing(Call::getDateCreated))
        .map(c -> TwilioStatuses.found(message.requestId(), c.getSid(), "CallSid", "CallStatus",
            c.getStatus() == null ? null : c.getStatus().toString(), null))
        .toList();
  }
}
