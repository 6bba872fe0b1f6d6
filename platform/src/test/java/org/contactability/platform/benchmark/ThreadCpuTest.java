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
    ThreadCpu before = new ThreadCpu(Map.of(1L, "handler-1", 2L, "handler-2", 3L, "main"),
        Map.of(1L, 1_000_000_000L, 2L, 0L, 3L, 5_000_000_000L));
    ThreadCpu after = new ThreadCpu(Map.of(1L, "handler-1", 2L, "handler-2", 3L, "main", 4L, "late-1"),
        Map.of(1L, 3_000_000_000L, 2L, 2_000_000_000L, 3L, 6_000_000_000L, 4L, 2_000_000_000L));

    assertThat(after.since(before, 2.0, 2)).isEqualTo("3.50 cores in all; handler-N 2.00, late-N 1.00");
  }
}
