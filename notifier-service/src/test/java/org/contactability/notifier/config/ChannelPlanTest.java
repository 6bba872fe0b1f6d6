package org.contactability.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.contactability.contracts.common.Channel;
import org.contactability.notifier.application.ChannelSender;
import org.contactability.notifier.application.SendOutcome;
import org.contactability.notifier.config.NotifierProperties.Provider;
import org.junit.jupiter.api.Test;

/** Each channel gets its sender from the factory of its provider, and none where the provider is NONE. */
class ChannelPlanTest {

  private final List<String> built = new ArrayList<>();

  @Test
  void eachChannelIsBuiltByItsProviderAndNoneHasNoSender() {
    ChannelPlan plan = new ChannelPlan(Map.of(Channel.WHATSAPP, Provider.TWILIO, Channel.SMS, Provider.NONE,
        Channel.VOICE, Provider.SANDBOX, Channel.EMAIL, Provider.SMTP), Map.of(), Map.of(), Map.of(), false);

    Map<Channel, ChannelSender> senders = plan.senders(Map.of(Provider.SANDBOX, factory("sandbox"),
        Provider.TWILIO, factory("twilio"), Provider.SMTP, factory("smtp")));

    assertThat(senders).containsOnlyKeys(Channel.WHATSAPP, Channel.VOICE, Channel.EMAIL);
    assertThat(senders.get(Channel.WHATSAPP).provider()).isEqualTo("twilio");
    assertThat(senders.get(Channel.VOICE).provider()).isEqualTo("sandbox");
    assertThat(senders.get(Channel.EMAIL).provider()).isEqualTo("smtp");
    assertThat(built).containsExactly("twilio WHATSAPP", "sandbox VOICE", "smtp EMAIL");
  }

  @Test
  void aProviderNoChannelUsesIsNeverAskedForASender() {
    ChannelPlan plan = new ChannelPlan(Map.of(Channel.WHATSAPP, Provider.SANDBOX, Channel.SMS, Provider.SANDBOX,
        Channel.VOICE, Provider.SANDBOX, Channel.EMAIL, Provider.SANDBOX), Map.of(), Map.of(), Map.of(), false);

    plan.senders(Map.of(Provider.SANDBOX, factory("sandbox"), Provider.TWILIO, factory("twilio"),
        Provider.SMTP, factory("smtp")));

    assertThat(built).allMatch(name -> name.startsWith("sandbox")).hasSize(4);
  }

  private Function<Channel, ChannelSender> factory(String provider) {
    return channel -> {
      built.add(provider + " " + channel);
      return new ChannelSender() {
        @Override
        public String provider() {
          return provider;
        }

        @Override
        public SendOutcome send(org.contactability.notifier.application.OutboundMessage message) {
          throw new UnsupportedOperationException("not sent in this test");
        }

        @Override
        public java.util.List<SendOutcome.Accepted> lookUp(org.contactability.notifier.application.OutboundMessage message,
            java.time.Instant since) {
          throw new UnsupportedOperationException("not looked up in this test");
        }
      };
    };
  }
}
