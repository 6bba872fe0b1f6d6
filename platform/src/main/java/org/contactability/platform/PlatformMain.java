package org.contactability.platform;

import java.util.concurrent.CountDownLatch;

import org.contactability.common.time.WallClock;

/**
 * {@code java -jar contactability-platform.jar [--fresh] [--data-dir=...] [--<server>-port=...]}:
 * starts the whole platform on this machine and prints where everything is. Ctrl-C stops it.
 */
public final class PlatformMain {

  private PlatformMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    PlatformOptions options;
    try {
      options = PlatformOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    EmbeddedPlatform platform = EmbeddedPlatform.start(options, WallClock.utc());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the platform...");
      platform.close();
      stopped.countDown();
    }, "platform-shutdown"));

    System.out.println();
    System.out.println("Contactability platform is up (" + platform.startupDuration().toMillis() / 100 / 10.0 + " s).");
    System.out.println(platform.endpoints().describe());
    System.out.println("  Data directory ..... " + options.dataDirectory().toAbsolutePath()
        + "  (" + platform.dataDescription() + ")");
    if (platform.historyDescription() != null) {
      System.out.println("  Demo history ....... " + platform.historyDescription());
    }
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
  }
}
