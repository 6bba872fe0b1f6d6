package org.contactability.platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A start step on a thread of its own, and waiting for it with its own failure rather than a wrapped one. */
final class OwnThread {

  private OwnThread() {
  }

  /** Runs {@code step} on a new thread named {@code name}; completes when it ends, exceptionally if it failed. */
  static CompletableFuture<Void> run(String name, Runnable step) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    new Thread(() -> {
      try {
        step.run();
        done.complete(null);
      } catch (Throwable e) {
        done.completeExceptionally(e);
      }
    }, name).start();
    return done;
  }

  /** Waits for {@code step} and throws what it failed with. */
  static void await(CompletableFuture<Void> step) {
    try {
      step.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error failure) {
        throw failure;
      }
      throw e;
    }
  }
}
