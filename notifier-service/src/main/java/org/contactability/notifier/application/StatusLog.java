package org.contactability.notifier.application;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.contactability.contracts.contact.ContactStatus;

/** Where delivery statuses go (contact.status). */
public interface StatusLog {

  /** A status with the Kafka key of its request. */
  record Keyed(String key, ContactStatus status) {
  }

  /** Writes one status and returns once it is durable; throws when it could not be written. */
  default void publish(String key, ContactStatus status) {
    publishAll(key, List.of(status));
  }

  /**
   * Writes {@code statuses} in their order and returns once every one is durable: one wait for the broker, not
   * one per status. Throws when any could not be written (those before it may have been).
   */
  default void publishAll(String key, List<ContactStatus> statuses) {
    publishEach(statuses.stream().map(status -> new Keyed(key, status)).toList());
  }

  /**
   * Writes the statuses of one or many requests, each under its own key, in their order, and returns once every one
   * is durable: one wait for the broker. Throws when any could not be written (others may have been).
   */
  void publishEach(List<Keyed> statuses);

  /**
   * Queues {@code statuses} in their order and returns without waiting: the future completes once every one is
   * durable, and fails when any could not be written within the writer's timeout (those before it may have been).
   */
  CompletableFuture<Void> publishAllLater(String key, List<ContactStatus> statuses);
}
