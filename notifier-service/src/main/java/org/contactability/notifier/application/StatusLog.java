package org.contactability.notifier.application;

import org.contactability.contracts.contact.ContactStatus;

/** Where delivery statuses go (contact.status). */
public interface StatusLog {

  /** Writes one status and returns once it is durable; throws when it could not be written. */
  void publish(String key, ContactStatus status);
}
