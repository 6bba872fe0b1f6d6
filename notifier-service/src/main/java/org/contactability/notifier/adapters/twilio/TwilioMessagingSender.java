package org.contactability.notifier.adapters.twilio;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;
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
 */
public final class TwilioMessagingSender implements ChannelSender {

  private static final JsonMapper JSON = JsonMapper.builder().build();

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
      throw new TransientSendException(null, "no Twilio senders are configured for hospital " + message.hospitalCode(), null);
    }
    MessageCreator creator = channel == Channel.WHATSAPP ? whatsapp(message, senders) : sms(message, senders);
    creator.setStatusCallback(TwilioSenders.statusCallback(statusCallbackUrl, message.requestId()));
    try {
      Message created = creator.create(client);
      return new SendOutcome.Accepted(created.getSid(), TwilioStatuses.ofMessage(created.getStatus()), List.of());
    } catch (ApiException e) {
      return TwilioStatuses.rejectedOrThrow(e);
    } catch (ApiConnectionException e) {
      throw new TransientSendException(null, "could not reach Twilio: " + e.getMessage(), e);
    } catch (TwilioException e) {
      throw new TransientSendException(null, "Twilio client error: " + e.getMessage(), e);
    }
  }

  private MessageCreator whatsapp(OutboundMessage message, TwilioSenders senders) throws TransientSendException {
    PhoneNumber to = new PhoneNumber("whatsapp:" + message.to());
    String contentSid = senders.contentSid(message.template()).orElse(null);
    String body = contentSid == null ? message.text() : null;
    MessageCreator creator = senders.messagingServiceSid() != null
        ? Message.creator(to, senders.messagingServiceSid(), body)
        : Message.creator(to, new PhoneNumber(required(senders.whatsappFrom(), "whatsapp-from", message)), body);
    if (contentSid != null) {
      creator.setContentSid(contentSid);
      creator.setContentVariables(JSON.writeValueAsString(Map.copyOf(message.contentVariables())));
    }
    return creator;
  }

  private MessageCreator sms(OutboundMessage message, TwilioSenders senders) throws TransientSendException {
    PhoneNumber to = new PhoneNumber(message.to());
    return senders.messagingServiceSid() != null
        ? Message.creator(to, senders.messagingServiceSid(), message.text())
        : Message.creator(to, new PhoneNumber(required(senders.smsFrom(), "sms-from", message)), message.text());
  }

  private static String required(String value, String property, OutboundMessage message) throws TransientSendException {
    if (value == null || value.isBlank()) {
      throw new TransientSendException(null, "notifier.twilio.hospitals." + message.hospitalCode() + "." + property
          + " is not configured", null);
    }
    return value;
  }
}
