package org.contactability.scheduler.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsDefaultsTest {

  private final Map<String, Object> defaults = SchedulerTopology.streamsDefaults();

  @Test
  void the_stream_thread_polls_for_no_longer_than_a_commit_interval() {
    // A record processed within the commit interval of the last commit is committed after the next poll, so a
    // longer poll delays each hop of a booking by up to the poll's length (docs/benchmarks.md, "idle poll").
    int commitInterval = ((Number) defaults.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).intValue();
    int poll = ((Number) defaults.get(StreamsConfig.POLL_MS_CONFIG)).intValue();

    assertThat(poll).isPositive().isLessThanOrEqualTo(commitInterval);
    assertThat(commitInterval).as("Kafka Streams' exactly-once default is 100 ms").isLessThan(100);
  }
}
