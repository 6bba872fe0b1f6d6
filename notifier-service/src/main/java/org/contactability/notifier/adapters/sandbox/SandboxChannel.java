package org.contactability.notifier.adapters.sandbox;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.notifier.adapters.twilio.TwilioErrors;
import org.contactability.notifier.application.ChannelSender;
import org.contactability.notifier.application.OutboundMessage;
import org.contactability.notifier.application.ProviderReport;
import org.contactability.notifier.application.SendOutcome;

/**
 * The embedded platform's stand-in for every provider: a message "arrives" at once in the
 * {@link SandboxInbox} and is reported QUEUED, SENT and DELIVERED as Twilio would. Numbers listed as
 * having no WhatsApp behave like such phones on Twilio: the WhatsApp message ends UNDELIVERED with
 * error 63024 (permanent), so that the platform shows the SMS fallback.
 */
public final class SandboxChannel implements ChannelSender {

  static final int NO_WHATSAPP_ERROR = 63024;

  private final Channel channel;
  private final SandboxInbox inbox;
  private final Set<String> withoutWhatsapp;
  private final Clock clock;

  /** @param withoutWhatsapp E.164 numbers of phones without WhatsApp */
  public SandboxChannel(Channel channel, SandboxInbox inbox, Set<String> withoutWhatsapp, Clock clock) {
    this.channel = channel;
    this.inbox = inbox;
    this.withoutWhatsapp = Set.copyOf(withoutWhatsapp);
    this.clock = clock;
  }

  @Override
  public String provider() {
    return "sandbox";
  }

  @Override
  public SendOutcome send(OutboundMessage message) {
    String id = "SB" + HexFormat.of().formatHex(randomBytes());
    if (channel == Channel.WHATSAPP && withoutWhatsapp.contains(message.to())) {
      TwilioErrors.Meaning meaning = TwilioErrors.of(NO_WHATSAPP_ERROR, null);
      return new SendOutcome.Accepted(id, DeliveryStatus.QUEUED, List.of(
          new ProviderReport(message.requestId(), id, DeliveryStatus.UNDELIVERED, Integer.toString(NO_WHATSAPP_ERROR),
              meaning.permanent(), meaning.description())));
    }
    inbox.deliver(new SandboxMessage(channel.name().toLowerCase(Locale.ROOT), message.to(), message.text(),
        message.subject(), message.buttons(), message.links(), id, message.requestId(), message.hospitalCode(),
        message.template(), clock.instant()));
    return new SendOutcome.Accepted(id, DeliveryStatus.QUEUED, List.of(
        new ProviderReport(message.requestId(), id, DeliveryStatus.SENT, null, false, null),
        new ProviderReport(message.requestId(), id, DeliveryStatus.DELIVERED, null, false, null)));
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
