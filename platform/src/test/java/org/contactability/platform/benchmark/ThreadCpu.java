package org.contactability.platform.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CPU time of the JVM's live threads so far, by thread, and of the whole process: benchmarks print where a run's
 * processor time went, by kind of thread, beside its latencies. A stream thread keeps its number (one saturated thread
 * of two is a finding); the numbers of other pools' threads are folded together. The process's time also holds what
 * no Java thread shows (the garbage collector, the JIT compilers), so that a run that had the cores to itself can be
 * told from one that had them all in use.
 */
record ThreadCpu(Map<Long, Sample> threads, long processNanos) {

  /** One thread's name and CPU time. */
  record Sample(String name, long nanos) {
  }

  private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-?");
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  static ThreadCpu now() {
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    Map<Long, Sample> threads = new HashMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      long cpu = bean.getThreadCpuTime(thread.getId());
      if (cpu >= 0) {
        threads.put(thread.getId(), new Sample(thread.getName(), cpu));
      }
    }
    return new ThreadCpu(threads,
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
  }

  /**
   * The {@code top} kinds of thread by CPU time since {@code before}, as cores used over {@code seconds}, e.g.
   * "1.20 cores in Java threads, 1.55 in the process; scheduler-service-StreamThread-1 0.41,
   * data-plane-kafka-request-handler-N 0.38, …"; a thread started since counts from zero, one that ended is not seen.
   */
  String since(ThreadCpu before, double seconds, int top) {
    Map<String, Long> byKind = new HashMap<>();
    threads.forEach((id, now) -> {
      Sample then = before.threads.get(id);
      byKind.merge(kind(now.name()), now.nanos() - (then == null ? 0 : then.nanos()), Long::sum);
    });
    long total = byKind.values().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, "%.2f cores in Java threads, %.2f in the process; ", total / 1e9 / seconds,
        (processNanos - before.processNanos) / 1e9 / seconds) + byKind.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e9 / seconds))
        .collect(Collectors.joining(", "));
  }

  static String kind(String name) {
    String kind = UUID.matcher(name).replaceAll("");
    return kind.contains("StreamThread") ? kind : DIGITS.matcher(kind).replaceAll("N");
  }
}
