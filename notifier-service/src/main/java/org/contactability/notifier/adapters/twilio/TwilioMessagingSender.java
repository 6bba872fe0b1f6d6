package org.contactability.notifier.adapters.twilio;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.api.v2010.account.MessageReader;
import com.twilio.type.PhoneNumber;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;
import org.contactability.notifier.application.ChannelSender;
import org.contactability.notifier.application.OutboundMessage;
import org.contactability.notifier.application.SendOutcome;
import org.contactability.notifier.application.TransientSendException;
import tools.jackson.databind.json.JsonMapper;

/**
 * WhatsApp and SMS through Twilio's Messages API. A WhatsApp message whose template has an approved
 * ContentSid goes as ContentSid + ContentVariables (the only way to open a conversation); one
 * without goes as a session message (Body), which Twilio accepts only within 24 hours of the
 * patient's last message (answers to the patient), else error 63016. SMS go as Body.
 *
 * <p>A send in doubt is looked up in Twilio's list of messages to the recipient ({@code To}, and {@code From} when
 * the hospital sends from a number; the newest {@value #LOOKUP_PAGE} are read): the outbound messages created since
 * the send began, from our sender (its number or Messaging Service), and with the same body when we sent a
 * Body, are the candidates, oldest first; the oldest that no other request recorded is taken as ours. Limit: a templated WhatsApp message (ContentSid) shows Twilio's rendering as its body, so
 * it is matched by sender, recipient and time only; two templated messages to one patient from one sender within the
 * same minutes could be taken for each other.
 */
public final class TwilioMessagingSender implements ChannelSender {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final long LOOKUP_PAGE = 50;

  private final Channel channel;
  private final TwilioRestClient client;
  private final Function<String, TwilioSenders> sendersOfHospital;
  private final String statusCallbackUrl;

  /** @param statusCallbackUrl public URL of {@code POST /twilio/status}, as Twilio will call it */
  public TwilioMessagingSender(Channel channel, TwilioRestClient client, Function<String, TwilioSenders> sendersOfHospital,
      String statusCallbackUrl) {
    if (channel != Channel.WHATSAPP && channel != Channel.SMS) {
      throw new IllegalArgumentException("Twilio messaging sends WhatsApp and SMS, not " + channel);
    }
    this.channel = channel;
    this.client = client;
    this.sendersOfHospital = sendersOfHospital;
    this.statusCallbackUrl = statusCallbackUrl;
  }

  @Override
  public String provider() {
    return "twilio";
  }

  @Override
  public SendOutcome send(OutboundMessage message) throws TransientSendException {
    TwilioSenders senders = sendersOfHospital.apply(message.hospitalCode());
    if (senders == null) {
      return new SendOutcome.Rejected(DeliveryStatus.FAILED, null, FailureKind.TECHNICAL,
          "no Twilio senders are configured for hospital " + message.hospitalCode());
    }
    String from = from(senders);
    if (senders.messagingServiceSid() == null && (from == null || from.isBlank())) {
      return new SendOutcome.Rejected(DeliveryStatus.FAILED, null, FailureKind.TECHNICAL, "notifier.hospitals."
          + message.hospitalCode() + (channel == Channel.WHATSAPP ? ".whatsapp-from" : ".sms-from") + " is not configured");
    }
    MessageCreator creator = channel == Channel.WHATSAPP ? whatsapp(message, senders) : sms(message, senders);
    creator.setStatusCallback(TwilioSenders.statusCallback(statusCallbackUrl, message.requestId()));
    try {
      Message created = creator.create(client);
      return new SendOutcome.Accepted(created.getSid(), TwilioStatuses.ofMessage(created.getStatus()), List.of());
    } catch (ApiException e) {
      return TwilioStatuses.rejectedOrThrow(e);
    } catch (ApiConnectionException e) {
      throw new TransientSendException(null, "could not reach Twilio: " + e.getMessage(), e, true);
    } catch (TwilioException e) {
      throw new TransientSendException(null, "Twilio client error: " + e.getMessage(), e, true);
    }
  }

  /** The hospital's sender number on this channel; null with a Messaging Service. */
  private String from(TwilioSenders senders) {
    return senders.messagingServiceSid() != null ? null
        : channel == Channel.WHATSAPP ? senders.whatsappFrom() : senders.smsFrom();
  }

  @Override
  public List<SendOutcome.Accepted> lookUp(OutboundMessage message, Instant since) throws TransientSendException {
    TwilioSenders senders = sendersOfHospital.apply(message.hospitalCode());
    if (senders == null) {
      return List.of(); // it cannot have been sent without senders
    }
    boolean templated = channel == Channel.WHATSAPP && senders.contentSid(message.template()).isPresent();
    String from = from(senders);
    if (senders.messagingServiceSid() == null && from == null) {
      return List.of();
    }
    MessageReader reader = Message.reader().setTo(address(message)).setPageSize(LOOKUP_PAGE);
    if (from != null) {
      reader.setFrom(from);
    }
    List<Message> found;
    try {
      found = reader.firstPage(client).getRecords();
    } catch (ApiException | ApiConnectionException e) {
      throw new TransientSendException(e instanceof ApiException api && api.getCode() != null
          ? api.getCode().toString() : null, "could not ask Twilio for the messages of a send in doubt", null);
    }
    return found.stream()
        .filter(m -> m.getDirection() == Message.Direction.OUTBOUND_API)
        .filter(m -> m.getDateCreated() != null && !m.getDateCreated().toInstant().isBefore(since))
        .filter(m -> senders.messagingServiceSid() != null
            ? senders.messagingServiceSid().equals(m.getMessagingServiceSid())
            : m.getFrom() != null && from.equals(m.getFrom().toString()))
        .filter(m -> templated || message.text().equals(m.getBody()))
        .sorted(Comparator.comparing(Message::getDateCreated))
        .map(m -> TwilioStatuses.found(message.requestId(), m.getSid(), "MessageSid", "MessageStatus",
            m.getStatus() == null ? null : m.getStatus().toString(),
            m.getErrorCode() == null ? null : m.getErrorCode().toString()))
        .toList();
  }

  private String address(OutboundMessage message) {
    return channel == Channel.WHATSAPP ? "whatsapp:" + message.to() : message.to();
  }

  private MessageCreator whatsapp(OutboundMessage message, TwilioSenders senders) {
    PhoneNumber to = new PhoneNumber(address(message));
    String contentSid = senders.contentSid(message.template()).orElse(null);
    String body = contentSid == null ? message.text() : null;
    MessageCreator creator = senders.messagingServiceSid() != null
        ? Message.creator(to, senders.messagingServiceSid(), body)
        : Message.creator(to, new PhoneNumber(senders.whatsappFrom()), body);
    if (contentSid != null) {
      creator.setContentSid(contentSid);
      creator.setContentVariables(JSON.writeValueAsString(Map.copyOf(message.contentVariables())));
    }
    return creator;
  }

  private MessageCreator sms(OutboundMessage message, TwilioSenders senders) {
    PhoneNumber to = new PhoneNumber(message.to());
    return senders.messagingServiceSid() != null
        ? Message.creator(to, senders.messagingServiceSid(), message.text())
        : Message.creator(to, new PhoneNumber(senders.smsFrom()), message.text());
  }
}
