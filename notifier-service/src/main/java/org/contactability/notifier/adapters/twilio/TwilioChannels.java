package org.contactability.notifier.adapters.twilio;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import com.twilio.http.TwilioRestClient;
import org.contactability.contracts.common.Channel;
import org.contactability.notifier.application.ChannelSender;

/**
 * The channels Twilio carries (WhatsApp, SMS, voice), sharing one twilio-java client. The client is
 * created with the first of them, so that a notifier that sends nothing through Twilio needs no
 * Twilio account.
 */
public final class TwilioChannels {

  /**
   * @param apiBaseUrl another API base URL than Twilio's (a proxy, the tests' stand-in); null or blank for Twilio
   */
  public record Account(String accountSid, String authToken, String apiBaseUrl, Duration connectTimeout,
      Duration readTimeout) {
  }

  private final Supplier<Account> account;
  private final Function<String, TwilioSenders> senders;
  private final String statusCallbackUrl;
  private final String voiceLanguage;
  private TwilioRestClient client;

  /**
   * @param account           read when the first Twilio channel is built (it may refuse missing credentials then)
   * @param senders           who sends for each hospital (null: the hospital has no Twilio senders)
   * @param statusCallbackUrl public URL of this service's status callback, as Twilio calls it
   * @param voiceLanguage     language of inline voice scripts
   */
  public TwilioChannels(Supplier<Account> account, Function<String, TwilioSenders> senders, String statusCallbackUrl,
      String voiceLanguage) {
    this.account = account;
    this.senders = senders;
    this.statusCallbackUrl = statusCallbackUrl;
    this.voiceLanguage = voiceLanguage;
  }

  /** The sender of one channel Twilio carries. */
  public synchronized ChannelSender sender(Channel channel) {
    if (client == null) {
      Account a = account.get();
      client = TwilioRestClients.create(a.accountSid(), a.authToken(), a.apiBaseUrl(), a.connectTimeout(),
          a.readTimeout());
    }
    return channel == Channel.VOICE
        ? new TwilioVoiceSender(client, senders, statusCallbackUrl, voiceLanguage)
        : new TwilioMessagingSender(channel, client, senders, statusCallbackUrl);
  }
}
