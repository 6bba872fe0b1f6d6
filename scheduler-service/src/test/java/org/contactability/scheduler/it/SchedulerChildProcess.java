package org.contactability.scheduler.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import org.contactability.common.time.AdjustableClock;
import org.contactability.scheduler.SchedulerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real scheduler-service application in a process of its own, so that a test can kill it
 * with SIGKILL. Its clock is the platform's adjustable clock: the first argument is its initial
 * offset (ISO-8601 duration), and a line {@code advance <duration>} on standard input moves it.
 * The other arguments are Spring properties ({@code --name=value}).
 */
public final class SchedulerChildProcess {

  private SchedulerChildProcess() {
  }

  public static void main(String[] args) throws Exception {
    AdjustableClock clock = AdjustableClock.on(Clock.systemUTC());
    clock.advance(Duration.parse(args[0]));
    ConfigurableApplicationContext context = new SpringApplicationBuilder(SchedulerApplication.class)
        .initializers(ctx -> ctx.getBeanFactory().registerSingleton("clock", clock))
        .run(Arrays.copyOfRange(args, 1, args.length));
    System.out.println("READY");
    try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        if (line.startsWith("advance ")) {
          clock.advance(Duration.parse(line.substring("advance ".length()).trim()));
          System.out.println("ADVANCED " + clock.instant());
        }
      }
    }
    context.close();
  }
}
