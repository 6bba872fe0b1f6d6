package org.contactability.notifier.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.contactability.contracts.common.Channel;
import org.contactability.notifier.application.ChannelSender;
import org.contactability.notifier.config.NotifierProperties.ChannelSettings;
import org.contactability.notifier.config.NotifierProperties.Provider;

/** Each channel's provider, threads, batch and rate, with the defaults of the providers' documented limits. */
record ChannelPlan(Map<Channel, Provider> providers, Map<Channel, Integer> threadsOf, Map<Channel, Integer> batchOf,
    Map<Channel, Double> ratesOf, boolean sandboxRateLimited) {

  static final List<Channel> SENDING_CHANNELS = List.of(Channel.WHATSAPP, Channel.SMS, Channel.VOICE, Channel.EMAIL);

  /**
   * Defaults: a Twilio WhatsApp sender takes 10 messages/s; a Twilio long code 1 SMS segment/s;
   * a Twilio account 1 call/s; SMTP relays vary (10/s is a cautious start).
   */
  private static final Map<Channel, Double> DEFAULT_RATES =
      Map.of(Channel.WHATSAPP, 10.0, Channel.SMS, 1.0, Channel.VOICE, 1.0, Channel.EMAIL, 10.0);
  private static final Map<Channel, Integer> DEFAULT_THREADS =
      Map.of(Channel.WHATSAPP, 8, Channel.SMS, 4, Channel.VOICE, 2, Channel.EMAIL, 4);
  /**
   * The sandbox has no rate limit: the lane's threads and batches are what bound it (docs/benchmarks.md,
   * notifier-service). Its batch stays at kafka.max-poll-records: batches of 500 doubled the notifier's own drain,
   * but the platform's burst and a lone request's latency were slower with them (speed10).
   */
  private static final int SANDBOX_THREADS = 32;

  static ChannelPlan of(NotifierProperties properties) {
    Map<Channel, Provider> providers = new EnumMap<>(Channel.class);
    Map<Channel, Integer> threads = new EnumMap<>(Channel.class);
    Map<Channel, Integer> batches = new EnumMap<>(Channel.class);
    Map<Channel, Double> rates = new EnumMap<>(Channel.class);
    for (Channel channel : SENDING_CHANNELS) {
      ChannelSettings settings = properties.channels().get(channel.name().toLowerCase(Locale.ROOT));
      Provider provider = settings == null || settings.provider() == null ? Provider.SANDBOX : settings.provider();
      boolean fits = switch (provider) {
        case TWILIO -> channel != Channel.EMAIL;
        case SMTP -> channel == Channel.EMAIL;
        case SANDBOX, NONE -> true;
      };
      if (!fits) {
        throw new IllegalStateException("notifier.channels." + channel.name().toLowerCase(Locale.ROOT)
            + ".provider=" + provider + " cannot carry " + channel);
      }
      providers.put(channel, provider);
      threads.put(channel, settings != null && settings.threads() != null ? settings.threads()
          : provider == Provider.SANDBOX ? SANDBOX_THREADS : DEFAULT_THREADS.get(channel));
      batches.put(channel, settings != null && settings.batch() != null ? settings.batch()
          : properties.kafka().maxPollRecords());
      rates.put(channel, settings == null || settings.messagesPerSecond() == null ? DEFAULT_RATES.get(channel)
          : settings.messagesPerSecond());
    }
    threads.put(Channel.WEB, 1);
    batches.put(Channel.WEB, properties.kafka().maxPollRecords());
    return new ChannelPlan(providers, threads, batches, rates, properties.sandbox().applyRateLimits());
  }

  Provider provider(Channel channel) {
    return providers.getOrDefault(channel, Provider.NONE);
  }

  int threads(Channel channel) {
    return threadsOf.getOrDefault(channel, 1);
  }

  /** Requests a lane of this channel takes at a time. */
  int batch(Channel channel) {
    return batchOf.getOrDefault(channel, 1);
  }

  boolean usesSandbox() {
    return providers.containsValue(Provider.SANDBOX);
  }

  /**
   * The sender of every channel that has a provider, each built by its provider's factory (a channel
   * whose provider is NONE has none: its requests fail as "no provider").
   */
  Map<Channel, ChannelSender> senders(Map<Provider, Function<Channel, ChannelSender>> factories) {
    Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    for (Channel channel : SENDING_CHANNELS) {
      Provider provider = provider(channel);
      if (provider != Provider.NONE) {
        senders.put(channel, factories.get(provider).apply(channel));
      }
    }
    return senders;
  }

  /** Messages per second of a sender ({@code <hospital>.<channel>}); 0: unlimited. */
  double rateOf(String senderKey, NotifierProperties properties) {
    int dot = senderKey.lastIndexOf('.');
    String hospitalCode = senderKey.substring(0, dot);
    Channel channel = Channel.valueOf(senderKey.substring(dot + 1).toUpperCase(Locale.ROOT));
    if (provider(channel) == Provider.SANDBOX && !sandboxRateLimited) {
      return 0;
    }
    Double specific = properties.hospital(hospitalCode)
        .map(hospital -> hospital.messagesPerSecond().get(channel.name().toLowerCase(Locale.ROOT))).orElse(null);
    return specific != null ? specific : ratesOf.getOrDefault(channel, 0.0);
  }
}
