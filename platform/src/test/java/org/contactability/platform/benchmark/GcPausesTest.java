package org.contactability.platform.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GcPausesTest {

  @Test
  void each_collector_gives_the_collections_and_the_time_added_since() {
    GcPauses before = new GcPauses(collectors(10, 400, 1, 70));
    GcPauses after = new GcPauses(collectors(61, 4_943, 2, 742));

    assertThat(after.since(before))
        .isEqualTo("Copy: 51 collections, 4,543 ms; MarkSweepCompact: 1 collection, 672 ms");
  }

  @Test
  void the_collectors_of_this_jvm_are_read() {
    assertThat(GcPauses.now().countAndMillis()).isNotEmpty();
  }

  private static Map<String, long[]> collectors(long young, long youngMillis, long old, long oldMillis) {
    Map<String, long[]> collectors = new LinkedHashMap<>();
    collectors.put("Copy", new long[] {young, youngMillis});
    collectors.put("MarkSweepCompact", new long[] {old, oldMillis});
    return collectors;
  }
}
