package org.contactability.notifier.application;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.contactability.contracts.common.Channel;

/**
 * Hands a composed message to its channel's provider through the resilience wrappers (retry, circuit
 * breaker, rate limiter per sender), timing each provider call.
 */
public final class ChannelDispatch {

  private final Map<Channel, ChannelSender> senders;
  private final ResilientSending resilience;
  private final NotifierMetrics metrics;

  /** @param senders the configured provider of each channel; a channel left out has none */
  public ChannelDispatch(Map<Channel, ChannelSender> senders, ResilientSending resilience, NotifierMetrics metrics) {
    this.senders = Map.copyOf(senders);
    this.resilience = resilience;
    this.metrics = metrics;
  }

  /** The channels a provider is configured for. */
  public Set<Channel> channels() {
    return senders.keySet();
  }

  /** The provider name statuses report for {@code channel}: "twilio", "smtp", "sandbox", or "none". */
  public String provider(Channel channel) {
    ChannelSender sender = senders.get(channel);
    return sender == null ? "none" : sender.provider();
  }

  /** @throws SendGaveUp when every attempt failed for a reason that could pass (the request is then parked) */
  public SendOutcome send(OutboundMessage message) throws SendGaveUp {
    ChannelSender sender = senders.get(message.channel());
    if (sender == null) {
      throw new IllegalStateException("no provider is configured for " + message.channel());
    }
    int permits = message.sms() == null ? 1 : message.sms().segments();
    return resilience.send(message.channel(), ResilientSending.senderKey(message.hospitalCode(), message.channel()), permits,
        () -> timed(sender, message));
  }

  private SendOutcome timed(ChannelSender sender, OutboundMessage message) throws TransientSendException {
    long started = System.nanoTime();
    try {
      return sender.send(message);
    } finally {
      metrics.providerCall(message.channel(), sender.provider(), Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
