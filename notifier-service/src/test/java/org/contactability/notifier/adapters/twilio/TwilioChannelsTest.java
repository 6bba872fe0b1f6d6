package org.contactability.notifier.adapters.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.contactability.contracts.common.Channel;
import org.junit.jupiter.api.Test;

/** The Twilio channels share one client, made with the first of them: no account is read before. */
class TwilioChannelsTest {

  private final AtomicInteger accountReads = new AtomicInteger();
  private final TwilioChannels channels = new TwilioChannels(() -> {
    accountReads.incrementAndGet();
    return new TwilioChannels.Account("AC0123456789abcdef0123456789abcdef", "token", "http://localhost:9",
        Duration.ofSeconds(1), Duration.ofSeconds(1));
  }, hospital -> null, "https://notifier.hchm.cl/twilio/status", "es-MX");

  @Test
  void noAccountIsReadUntilAChannelUsesTwilio() {
    assertThat(accountReads).hasValue(0);
  }

  @Test
  void everyTwilioChannelSharesTheOneAccountRead() {
    assertThat(channels.sender(Channel.WHATSAPP)).isInstanceOf(TwilioMessagingSender.class);
    assertThat(channels.sender(Channel.SMS)).isInstanceOf(TwilioMessagingSender.class);
    assertThat(channels.sender(Channel.VOICE)).isInstanceOf(TwilioVoiceSender.class);
    assertThat(accountReads).hasValue(1);
  }
}
