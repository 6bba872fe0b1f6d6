package org.contactability.notifier.adapters.kafka;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.common.serialization.Deserializer;
import org.contactability.common.kafka.ConsumerDeadLetters;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.notifier.application.DeliveryLedger;
import org.contactability.notifier.application.Suppressions;
import org.contactability.notifier.domain.UniqueRecipientLimit;
import org.contactability.schemas.topics.Topics;

/** The two topics the notifier reads from their beginning to rebuild, after a restart, what it knows. */
public final class Followers {

  private Followers() {
  }

  /**
   * contact.status into the delivery ledger and the WhatsApp window (rebuilt from what was sent, by this
   * instance or before a restart); entries older than {@code lookback} are forgotten every ten minutes.
   */
  public static TopicFollower<ContactStatus> statuses(String topic, KafkaClients clients,
      Deserializer<ContactStatus> statuses, DeliveryLedger ledger, UniqueRecipientLimit whatsappLimit, Clock clock,
      Duration lookback) {
    return new TopicFollower<>(topic, () -> clients.consumer(null, "status-follower", 500), statuses,
        (key, status) -> {
          ledger.apply(key, status);
          whatsappLimit.observe(status);
        },
        // The scheduler and the waiting list park unreadable statuses; skipping is enough here.
        (record, e) -> { }, () -> ledger.forgetBefore(clock.instant().minus(lookback)), Duration.ofMinutes(10));
  }

  /** contact.suppressions (keyed by address; a tombstone lifts an opt-out) into the suppression list. */
  public static TopicFollower<PatientResponse> suppressions(String topic, KafkaClients clients,
      Deserializer<PatientResponse> optOuts, Suppressions suppressions, ConsumerDeadLetters deadLetters) {
    return new TopicFollower<>(topic, () -> clients.consumer(null, "suppression-follower", 500), optOuts,
        (address, optOut) -> {
          if (optOut == null) {
            suppressions.remove(address);
          } else {
            suppressions.add(address);
          }
        },
        // Nobody else reads the list: an opt-out that cannot be read must reach an operator.
        (record, e) -> deadLetters.parkFollowed(Topics.CONTACT_SUPPRESSIONS, record, e), () -> { },
        Duration.ofHours(1));
  }
}
