package org.contactability.platform.benchmark;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JVM's garbage collections so far, per collector: benchmarks print what a run added beside its latencies, since
 * every stop-the-world pause stops every service of the embedded platform at once.
 */
record GcPauses(Map<String, long[]> countAndMillis) {

  static GcPauses now() {
    Map<String, long[]> collectors = new LinkedHashMap<>();
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      collectors.put(collector.getName(), new long[] {collector.getCollectionCount(), collector.getCollectionTime()});
    }
    return new GcPauses(collectors);
  }

  /** E.g. "Copy: 51 collections, 4,543 ms; MarkSweepCompact: 1 collection, 672 ms" (the collections since then). */
  String since(GcPauses before) {
    List<String> parts = new ArrayList<>();
    countAndMillis.forEach((name, now) -> {
      long[] then = before.countAndMillis.getOrDefault(name, new long[2]);
      long count = now[0] - then[0];
      parts.add(String.format(Locale.ROOT, "%s: %,d collection%s, %,d ms", name, count, count == 1 ? "" : "s",
          now[1] - then[1]));
    });
    return String.join("; ", parts);
  }
}
