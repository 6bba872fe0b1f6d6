package org.contactability.common.audit;

import java.util.concurrent.CompletableFuture;

/**
 * Where the platform records who saw or changed what (topic {@code audit.events}, docs/privacy.md). The web layer of
 * every component records each request that needs one ({@code AuditedRequests}); the console adds what an erasure did.
 */
@FunctionalInterface
public interface AuditTrail {

  /** Records {@code event}; the future completes once it is durable, or fails when it could not be recorded. */
  CompletableFuture<Void> record(AuditRecord event);
}
