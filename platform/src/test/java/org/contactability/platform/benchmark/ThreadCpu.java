package org.contactability.platform.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CPU time of the JVM's live threads so far, by thread: benchmarks print where a run's processor time went, by kind
 * of thread, beside its latencies. A stream thread keeps its number (one saturated thread of two is a finding); the
 * numbers of other pools' threads are folded together.
 */
record ThreadCpu(Map<Long, String> names, Map<Long, Long> nanos) {

  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-?");
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  static ThreadCpu now() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Map<Long, String> names = new HashMap<>();
    Map<Long, Long> nanos = new HashMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      long cpu = threads.getThreadCpuTime(thread.getId());
      if (cpu >= 0) {
        names.put(thread.getId(), thread.getName());
        nanos.put(thread.getId(), cpu);
      }
    }
    return new ThreadCpu(names, nanos);
  }

  /**
   * The {@code top} kinds of thread by CPU time since {@code before}, as cores used over {@code seconds}, e.g.
   * "scheduler-service-StreamThread-1 0.41, data-plane-kafka-request-handler-N 0.38, …"; a thread started since
   * counts from zero, one that ended is not seen.
   */
  String since(ThreadCpu before, double seconds, int top) {
    Map<String, Long> byKind = new HashMap<>();
    nanos.forEach((id, cpu) -> byKind.merge(kind(names.get(id)), cpu - before.nanos.getOrDefault(id, 0L), Long::sum));
    long total = byKind.values().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, "%.2f cores in all; ", total / 1e9 / seconds) + byKind.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e9 / seconds))
        .collect(Collectors.joining(", "));
  }

  static String kind(String name) {
    String kind = UUID.matcher(name).replaceAll("");
    return kind.contains("StreamThread") ? kind : DIGITS.matcher(kind).replaceAll("N");
  }
}
