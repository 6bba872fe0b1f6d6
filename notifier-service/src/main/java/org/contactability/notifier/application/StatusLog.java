package org.contactability.notifier.application;

import java.util.List;

import org.contactability.contracts.contact.ContactStatus;

/** Where delivery statuses go (contact.status). */
public interface StatusLog {

  /** Writes one status and returns once it is durable; throws when it could not be written. */
  default void publish(String key, ContactStatus status) {
    publishAll(key, List.of(status));
  }

  /**
   * Writes {@code statuses} in their order and returns once every one is durable: one wait for the broker, not
   * one per status. Throws when any could not be written (those before it may have been).
   */
  void publishAll(String key, List<ContactStatus> statuses);
}
