package org.contactability.notifier.domain;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.FailureKind;

/**
 * The checks a request passes before it is rendered, each a small rule that refuses it with a reason
 * or lets it pass; {@link #firstRefusal} applies them in order. A new reason not to send is a new rule.
 */
public final class SendingRules {

  /** One check: a refusal, or empty to let the request pass. */
  @FunctionalInterface
  public interface Rule {
    Optional<Refusal> check(OutgoingRequest request);
  }

  private SendingRules() {
  }

  /**
   * The notifier's rules, in the order they are applied.
   *
   * @param optedOut   whether an E.164 address opted out of WhatsApp and SMS
   * @param whatsapp   the hospitals' WhatsApp unique-recipient limits (a request it admits counts as reached)
   * @param configured the channels a provider is configured for
   */
  public static List<Rule> all(Predicate<String> optedOut, UniqueRecipientLimit whatsapp, Set<Channel> configured) {
    return List.of(notExpired(), recipientReachable(), notOptedOut(optedOut), withinWhatsappLimit(whatsapp),
        providerConfigured(configured));
  }

  /** The first refusal of {@code rules}, or empty when the request may be sent. */
  public static Optional<Refusal> firstRefusal(List<Rule> rules, OutgoingRequest request) {
    for (Rule rule : rules) {
      Optional<Refusal> refusal = rule.check(request);
      if (refusal.isPresent()) {
        return refusal;
      }
    }
    return Optional.empty();
  }

  /** A request whose {@code notAfter} has come is not sent: its news is stale. */
  static Rule notExpired() {
    return outgoing -> {
      var notAfter = outgoing.request().getNotAfter();
      return notAfter != null && !outgoing.now().isBefore(notAfter)
          ? refuse(Refusal.Kind.EXPIRED, DeliveryStatus.EXPIRED, FailureKind.TEMPORARY,
              "not sent: its time had passed (notAfter " + notAfter + ")", null)
          : Optional.empty();
    };
  }

  /** The recipient must be reachable on the request's channel (a mobile for WhatsApp and SMS, an e-mail address). */
  static Rule recipientReachable() {
    return outgoing -> outgoing.recipient() instanceof RecipientCheck.Invalid invalid
        ? refuse(Refusal.Kind.INVALID_RECIPIENT, DeliveryStatus.FAILED, FailureKind.PERMANENT, invalid.reason(), null)
        : Optional.empty();
  }

  /** No WhatsApp or SMS to a number that opted out, except the answer that confirms the opt-out. */
  static Rule notOptedOut(Predicate<String> optedOut) {
    return outgoing -> {
      Channel channel = outgoing.channel();
      String address = outgoing.address().orElse(null);
      return (channel == Channel.WHATSAPP || channel == Channel.SMS) && address != null && optedOut.test(address)
          && outgoing.request().getPurpose() != ContactPurpose.OPT_OUT_ANSWER
          ? refuse(Refusal.Kind.SUPPRESSED, DeliveryStatus.SUPPRESSED, null,
              "not sent: the recipient opted out of WhatsApp and SMS", address)
          : Optional.empty();
    };
  }

  /**
   * A WhatsApp message to a new recipient past the sender's tier is not sent: a temporary failure (the window
   * moves on), final for this message, so that the plan's fallback (SMS, voice) goes at once. Admitting it counts
   * the recipient as reached.
   */
  static Rule withinWhatsappLimit(UniqueRecipientLimit limit) {
    return outgoing -> {
      String hospital = outgoing.request().getHospitalCode();
      String address = outgoing.address().orElse(null);
      return outgoing.channel() == Channel.WHATSAPP && address != null
          && !limit.admit(hospital, address, outgoing.now())
          ? refuse(Refusal.Kind.OVER_WHATSAPP_LIMIT, DeliveryStatus.FAILED, FailureKind.TEMPORARY,
              "not sent: the hospital's WhatsApp sender reached its limit of " + limit.limitOf(hospital).orElse(0)
                  + " unique recipients in 24 h", address)
          : Optional.empty();
    };
  }

  /** A channel without a provider cannot send: our configuration is wrong, not the request. */
  static Rule providerConfigured(Set<Channel> configured) {
    return outgoing -> configured.contains(outgoing.channel()) ? Optional.empty()
        : refuse(Refusal.Kind.NO_PROVIDER, DeliveryStatus.FAILED, FailureKind.TECHNICAL,
            "no provider is configured for " + outgoing.channel(), outgoing.address().orElse(null));
  }

  private static Optional<Refusal> refuse(Refusal.Kind kind, DeliveryStatus status, FailureKind failure, String reason,
      String recipient) {
    return Optional.of(new Refusal(kind, status, failure, reason, recipient));
  }
}
