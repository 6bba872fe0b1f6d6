package org.contactability.platform.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void a_stream_thread_keeps_its_number_and_its_application_loses_its_id_while_pools_are_folded() {
    assertThat(ThreadCpu.kind("scheduler-service-0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0-StreamThread-2"))
        .isEqualTo("scheduler-service-StreamThread-2");
    assertThat(ThreadCpu.kind("data-plane-kafka-request-handler-3")).isEqualTo("data-plane-kafka-request-handler-N");
    assertThat(ThreadCpu.kind("pool-12-thread-4")).isEqualTo("pool-N-thread-N");
  }

  @Test
  void the_time_since_is_summed_by_kind_and_given_in_cores_a_new_thread_counting_from_zero() {
    ThreadCpu before = new ThreadCpu(Map.of(1L, sample("handler-1", 1), 2L, sample("handler-2", 0),
        3L, sample("main", 5)), 10_000_000_000L);
    ThreadCpu after = new ThreadCpu(Map.of(1L, sample("handler-1", 3), 2L, sample("handler-2", 2),
        3L, sample("main", 6), 4L, sample("late-1", 2)), 18_000_000_000L);

    assertThat(after.since(before, 2.0, 2))
        .isEqualTo("3.50 cores in Java threads, 4.00 in the process; handler-N 2.00, late-N 1.00");
  }

  private static ThreadCpu.Sample sample(String name, long seconds) {
    return new ThreadCpu.Sample(name, seconds * 1_000_000_000L);
  }
}
