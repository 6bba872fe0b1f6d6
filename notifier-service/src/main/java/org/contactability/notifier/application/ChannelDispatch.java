package org.contactability.notifier.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.contactability.contracts.common.Channel;

/**
 * Hands a composed message to its channel's provider through the resilience wrappers (circuit breaker, rate limiter
 * per sender, retries until the message's deadline), timing each provider call. A send that may have reached the
 * provider (a timeout, a process that stopped mid-call) is in doubt: before anything else is sent for it, the
 * provider is asked what it holds ({@link ChannelSender#lookUp}), and only a message it does not hold is sent again.
 */
public final class ChannelDispatch {

  /** How far before an in-doubt send the provider's records are searched: our clock and the provider's differ. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(2);

  private final Map<Channel, ChannelSender> senders;
  private final ResilientSending resilience;
  private final NotifierMetrics metrics;
  private final Clock clock;
  private final DeliveryLedger ledger;

  /**
   * @param senders the configured provider of each channel; a channel left out has none
   * @param ledger  knows which provider ids other requests recorded: a look-up never takes another request's message
   */
  public ChannelDispatch(Map<Channel, ChannelSender> senders, ResilientSending resilience, NotifierMetrics metrics,
      Clock clock, DeliveryLedger ledger) {
    this.senders = Map.copyOf(senders);
    this.resilience = resilience;
    this.metrics = metrics;
    this.clock = clock;
    this.ledger = ledger;
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

  /**
   * Sends {@code message}, retrying until {@code deadline}; after an attempt that may have reached the provider,
   * every further attempt first asks the provider whether it holds the message.
   *
   * @param deadline the request's notAfter, or null
   * @throws SendGaveUp when the provider did not take it before the deadline
   */
  public SendOutcome send(OutboundMessage message, Instant deadline) throws SendGaveUp {
    ChannelSender sender = sender(message.channel());
    AtomicReference<Instant> inDoubtSince = new AtomicReference<>();
    return resilience.send(message.channel(), senderKey(message), permits(message), deadline, () -> {
      Instant since = inDoubtSince.get();
      if (since != null) {
        Optional<SendOutcome.Accepted> held = ours(message, timed(sender, message, () -> sender.lookUp(message, since)));
        if (held.isPresent()) {
          metrics.settled(message.channel(), true);
          return held.get();
        }
        metrics.settled(message.channel(), false);
      }
      Instant attemptStarted = clock.instant().minus(CLOCK_SKEW);
      try {
        return timed(sender, message, () -> sender.send(message));
      } catch (TransientSendException e) {
        if (e.inDoubt()) {
          inDoubtSince.compareAndSet(null, attemptStarted);
        }
        throw e;
      }
    });
  }

  /**
   * What the provider holds of a message whose send was cut off (found SENDING after a restart), asked until it
   * answers or the deadline passes.
   *
   * @param since when the cut-off send began
   * @return the provider's record, or empty when it has none (the message may then be sent)
   * @throws SendGaveUp when the provider could not be asked before the deadline
   */
  public Optional<SendOutcome.Accepted> settle(OutboundMessage message, Instant since, Instant deadline)
      throws SendGaveUp {
    ChannelSender sender = sender(message.channel());
    Optional<SendOutcome.Accepted> held = resilience.send(message.channel(), senderKey(message), 1, deadline,
        () -> ours(message, timed(sender, message, () -> sender.lookUp(message, since.minus(CLOCK_SKEW)))));
    metrics.settled(message.channel(), held.isPresent());
    return held;
  }

  /** The oldest of the provider's candidates that no other request recorded as its own. */
  private Optional<SendOutcome.Accepted> ours(OutboundMessage message, List<SendOutcome.Accepted> candidates) {
    return candidates.stream().filter(candidate -> ledger.findByProviderMessageId(candidate.providerMessageId())
        .map(entry -> entry.latest().getRequestId().equals(message.requestId())).orElse(true)).findFirst();
  }

  private ChannelSender sender(Channel channel) {
    ChannelSender sender = senders.get(channel);
    if (sender == null) {
      throw new IllegalStateException("no provider is configured for " + channel);
    }
    return sender;
  }

  private static String senderKey(OutboundMessage message) {
    return ResilientSending.senderKey(message.hospitalCode(), message.channel());
  }

  private static int permits(OutboundMessage message) {
    return message.sms() == null ? 1 : message.sms().segments();
  }

  @FunctionalInterface
  private interface ProviderCall<T> {
    T call() throws TransientSendException;
  }

  private <T> T timed(ChannelSender sender, OutboundMessage message, ProviderCall<T> call)
      throws TransientSendException {
    long started = System.nanoTime();
    try {
      return call.call();
    } finally {
      metrics.providerCall(message.channel(), sender.provider(), Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
