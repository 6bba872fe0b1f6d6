package org.contactability.platform.cluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/cluster [--fresh] [--data-dir=.cluster-data] [--port-offset=0] [--instances=2]}: the platform as a hospital runs it, on this machine ({@link LocalCluster}); prints
 * where everything is. Ctrl-C or SIGTERM stops it in order. Run from the repository root (it reads the descriptors
 * and the services' jars there).
 */
public final class ClusterMain {

  private static final List<String> KNOWN = List.of("data-dir", "fresh", "port-offset", "instances");

  private ClusterMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> given = new LinkedHashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      String name = arg.startsWith("--") ? (equals < 0 ? arg.substring(2) : arg.substring(2, equals)) : arg;
      if (!KNOWN.contains(name)) {
        System.err.println("Unknown option " + arg + "; known: --" + String.join(", --", KNOWN));
        System.exit(2);
      }
      given.put(name, equals < 0 ? "true" : arg.substring(equals + 1));
    }
    Path root = Path.of("").toAbsolutePath();
    Descriptors descriptors = Descriptors.read(root);
    ClusterLayout layout = ClusterLayout.of(descriptors, Path.of(given.getOrDefault("data-dir", ".cluster-data")),
        Integer.parseInt(given.getOrDefault("port-offset", "0")), Integer.parseInt(given.getOrDefault("instances", "2")));
    LocalCluster cluster = LocalCluster.start(root, layout, descriptors, Boolean.parseBoolean(given.getOrDefault("fresh",
        "false")));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the cluster: services, then brokers, then the HIS...");
      cluster.close();
      stopped.countDown();
    }, "cluster-shutdown"));
    System.out.println();
    System.out.println("Contactability cluster is up (" + cluster.startupDuration().toMillis() / 100 / 10.0 + " s).");
    System.out.print(cluster.describe());
    System.out.println("  Data directory ......... " + layout.data().toAbsolutePath());
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
  }
}
