package org.contactability.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SharedInstanceTest {

  /** Stands for a server: numbered by start order, knows whether it was closed. */
  private static final class Resource implements AutoCloseable {
    final int number;
    volatile boolean closed;

    Resource(int number) {
      this.number = number;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void threads_asking_at_once_share_one_start() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    CountDownLatch slowStart = new CountDownLatch(1);
    SharedInstance<Resource> shared = new SharedInstance<>("resource", () -> {
      try {
        slowStart.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Resource(starts.incrementAndGet());
    });

    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Resource>> askers = IntStream.range(0, 8).<Callable<Resource>>mapToObj(i -> shared::get).toList();
      List<Future<Resource>> answers = askers.stream().map(threads::submit).toList();
      slowStart.countDown();
      for (Future<Resource> answer : answers) {
        assertThat(answer.get().number).isEqualTo(1);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(starts).hasValue(1);
  }

  @Test
  void a_failed_start_is_reported_again_without_a_second_attempt() {
    AtomicInteger attempts = new AtomicInteger();
    SharedInstance<Resource> shared = new SharedInstance<>("broker", () -> {
      attempts.incrementAndGet();
      throw new IllegalStateException("port 9092 in use");
    });

    assertThatThrownBy(shared::get).hasMessage("port 9092 in use");
    assertThatThrownBy(shared::get)
        .hasMessageContaining("The shared broker failed to start earlier in this test JVM: port 9092 in use");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void stopping_closes_the_resource_and_a_later_use_starts_a_new_one() {
    AtomicInteger starts = new AtomicInteger();
    SharedInstance<Resource> shared = new SharedInstance<>("resource", () -> new Resource(starts.incrementAndGet()));
    Resource first = shared.get();

    shared.stop();

    assertThat(first.closed).isTrue();
    assertThat(shared.isStarted()).isFalse();
    assertThat(shared.get().number).isEqualTo(2);
  }
}
