package org.contactability.notifier.adapters.sandbox;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.notifier.adapters.twilio.TwilioErrors;
import org.contactability.notifier.application.ChannelSender;
import org.contactability.notifier.application.OutboundMessage;
import org.contactability.notifier.application.ProviderReport;
import org.contactability.notifier.application.SendOutcome;
import org.contactability.notifier.application.TransientSendException;

/**
 * The embedded platform's stand-in for every provider: a message "arrives" at once at the {@link SandboxProvider}
 * (this process's {@link SandboxInbox}, or the stand-in the cluster's notifiers share) and is reported QUEUED, SENT
 * and DELIVERED as Twilio would. Like a provider that can be asked, it is idempotent by request id and answers
 * look-ups from what it received. Numbers listed as having no WhatsApp behave like such phones
 * on Twilio: the WhatsApp message ends UNDELIVERED with error 63024 (permanent), so that the platform shows the SMS
 * fallback. {@link SandboxFaults} make it act out an outage.
 */
public final class SandboxChannel implements ChannelSender {

  static final int NO_WHATSAPP_ERROR = 63024;

  private final Channel channel;
  private final SandboxProvider provider;
  private final Set<String> withoutWhatsapp;
  private final SandboxFaults faults;
  private final Clock clock;

  /** @param withoutWhatsapp E.164 numbers of phones without WhatsApp */
  public SandboxChannel(Channel channel, SandboxProvider provider, Set<String> withoutWhatsapp, SandboxFaults faults,
      Clock clock) {
    this.channel = channel;
    this.provider = provider;
    this.withoutWhatsapp = Set.copyOf(withoutWhatsapp);
    this.faults = faults;
    this.clock = clock;
  }

  @Override
  public String provider() {
    return "sandbox";
  }

  @Override
  public SendOutcome send(OutboundMessage message) throws TransientSendException {
    Optional<SandboxFaults.Fault> fault = faults.meet(channel, message.to());
    answerErrorOrLate(fault);
    String id = "SB" + HexFormat.of().formatHex(randomBytes());
    if (channel == Channel.WHATSAPP && withoutWhatsapp.contains(message.to())) {
      TwilioErrors.Meaning meaning = TwilioErrors.of(NO_WHATSAPP_ERROR, null);
      return new SendOutcome.Accepted(id, DeliveryStatus.QUEUED, List.of(
          new ProviderReport(message.requestId(), id, DeliveryStatus.UNDELIVERED, Integer.toString(NO_WHATSAPP_ERROR),
              meaning.permanent(), meaning.description())));
    }
    SandboxMessage held;
    try {
      held = provider.deliver(new SandboxMessage(channel.name().toLowerCase(Locale.ROOT), message.to(),
          message.text(), message.subject(), message.buttons(), message.links(), id, message.requestId(),
          message.hospitalCode(), message.template(), clock.instant()));
    } catch (UncheckedIOException e) {
      // The stand-in may have taken it before the answer was lost: the next attempt asks it first.
      throw new TransientSendException(null, e.getMessage(), e, true);
    }
    if (fault.isPresent() && fault.get().kind() == SandboxFaults.Kind.TIMEOUT) {
      pause(fault.get().delay());
      throw new TransientSendException(null, "the sandbox did not answer in " + fault.get().delay().toMillis()
          + " ms (an injected timeout)", null, true);
    }
    boolean reports = fault.isEmpty() || fault.get().kind() != SandboxFaults.Kind.DROP_REPORTS;
    return accepted(held, reports);
  }

  /** What the sandbox received for the message's request; injected errors and delays apply, timeouts do not. */
  @Override
  public List<SendOutcome.Accepted> lookUp(OutboundMessage message, Instant since) throws TransientSendException {
    answerErrorOrLate(faults.meet(channel, message.to()));
    try {
      return provider.ofRequest(message.requestId()).map(held -> accepted(held, true)).stream().toList();
    } catch (UncheckedIOException e) {
      throw new TransientSendException(null, e.getMessage(), e);
    }
  }

  private static SendOutcome.Accepted accepted(SandboxMessage held, boolean reports) {
    String id = held.providerMessageId();
    return new SendOutcome.Accepted(id, DeliveryStatus.QUEUED, !reports ? List.of() : List.of(
        new ProviderReport(held.requestId(), id, DeliveryStatus.SENT, null, false, null),
        new ProviderReport(held.requestId(), id, DeliveryStatus.DELIVERED, null, false, null)));
  }

  private static void answerErrorOrLate(Optional<SandboxFaults.Fault> fault) throws TransientSendException {
    if (fault.isEmpty()) {
      return;
    }
    if (fault.get().kind() == SandboxFaults.Kind.ERROR) {
      throw new TransientSendException(fault.get().status().toString(), "the sandbox answered HTTP "
          + fault.get().status() + " (an injected fault)", null);
    }
    if (fault.get().kind() == SandboxFaults.Kind.DELAY) {
      pause(fault.get().delay());
    }
  }

  private static void pause(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
