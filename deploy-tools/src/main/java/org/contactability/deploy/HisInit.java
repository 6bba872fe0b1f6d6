package org.contactability.deploy;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;

import javax.sql.DataSource;

import org.contactability.common.time.WallClock;
import org.contactability.his.reference.DemoData;
import org.contactability.his.reference.DemoSummary;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.ReferenceHisSchema;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One-shot job of the docker-compose stack ({@code his-init}): migrates the reference HIS schema
 * into the PostgreSQL container and, when the HIS holds no row yet, loads the demo data, so that
 * a restarted stack keeps its HIS. The same steps the embedded platform takes at start-up; the
 * {@code his-init} image runs it as this module's runnable jar ({@code java -jar deploy-tools-*-exec.jar}).
 *
 * <p>Environment: {@code HIS_JDBC_URL}, {@code HIS_USER}, {@code HIS_PASSWORD} (required);
 * {@code HIS_DEMO_DATA} ({@code true}: load the demo into an empty HIS), {@code HIS_DEMO_SEED},
 * {@code HIS_ZONE} (the hospitals' zone; the demo's days are that zone's days).
 */
public final class HisInit {

  /** What the job did. */
  public enum Outcome { DEMO_LOADED, ALREADY_FILLED, SCHEMA_ONLY }

  /**
   * @param demoData load the demo data into an empty HIS
   * @param seed     seed of the demo data (same seed and day, same rows)
   * @param zone     the hospitals' time zone
   */
  public record Settings(boolean demoData, long seed, ZoneId zone) {

    static Settings from(Map<String, String> env) {
      return new Settings(
          Boolean.parseBoolean(env.getOrDefault("HIS_DEMO_DATA", "true")),
          Long.parseLong(env.getOrDefault("HIS_DEMO_SEED", Long.toString(DemoData.DEFAULT_SEED))),
          ZoneId.of(env.getOrDefault("HIS_ZONE", DemoData.DEFAULT_ZONE.getId())));
    }
  }

  private HisInit() {
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(required(env, "HIS_JDBC_URL"));
    dataSource.setUser(required(env, "HIS_USER"));
    dataSource.setPassword(required(env, "HIS_PASSWORD"));
    Outcome outcome = run(dataSource, WallClock.utc(), Settings.from(env));
    System.out.println("HIS ready: " + outcome);
  }

  /** Migrates the schema, then loads the demo when asked and the HIS is empty. */
  public static Outcome run(DataSource dataSource, Clock clock, Settings settings) {
    ReferenceHisSchema.migrate(dataSource);
    if (!settings.demoData()) {
      return Outcome.SCHEMA_ONLY;
    }
    if (!new ReferenceHis(dataSource, clock).isEmpty()) {
      return Outcome.ALREADY_FILLED;
    }
    DemoSummary demo = new DemoData(clock, settings.zone(), settings.seed()).fill(dataSource);
    // Counts only: the summary's story names patients, which stay out of logs even in a demo.
    System.out.printf("Demo data loaded for %s (seed %d): %d sites, %d professionals, %d patients, %d appointments,"
        + " %d waiting-list entries%n", demo.today(), demo.seed(), demo.sites(), demo.professionals(), demo.patients(),
        demo.appointments(), demo.waitlistEntries());
    return Outcome.DEMO_LOADED;
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Environment variable " + name + " is required (see docs/deploy.md)");
    }
    return value;
  }
}
