package org.contactability.hisconnector.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.contactability.hisconnector.domain.mapping.HisEntity;
import org.contactability.hisconnector.domain.mapping.HisMapping;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of his-connector ({@code contactability.his-connector.*}). The broker is Spring Boot's
 * {@code spring.kafka.bootstrap-servers}; topic names come from the catalogue with
 * {@code contactability.kafka.topic-prefix}.
 *
 * @param database  the HIS database the connector reads and writes back to
 * @param capture   the Debezium engine
 * @param mapping   HIS tables, columns and codes of each canonical entity (defaults: the reference HIS)
 * @param writeback the consumer of {@code his.commands}
 */
@ConfigurationProperties("contactability.his-connector")
public record HisConnectorProperties(
    @DefaultValue Database database,
    @DefaultValue Capture capture,
    HisMapping mapping,
    @DefaultValue Writeback writeback) {

  public HisConnectorProperties {
    mapping = mapping == null ? HisMapping.reference() : mapping;
  }

  /**
   * @param host           database host
   * @param port           database port
   * @param name           database name
   * @param user           login with the REPLICATION attribute (see docs/his-connector.md for its grants)
   * @param password       its password
   * @param poolSize       JDBC connections for the writeback and health checks
   * @param connectTimeout how long a JDBC connection attempt may take before the database counts as unreachable
   */
  public record Database(
      @DefaultValue("localhost") String host,
      @DefaultValue("15432") int port,
      @DefaultValue("his") String name,
      @DefaultValue("contactability") String user,
      @DefaultValue("") String password,
      @DefaultValue("4") int poolSize,
      @DefaultValue("3s") Duration connectTimeout) {

    @Override
    public String toString() {
      return "Database[" + host + ":" + port + "/" + name + ", user=" + user + "]";
    }
  }

  /**
   * @param enabled               run the capture
   * @param connectorClass        Debezium connector class (PostgreSQL by default; see docs for others)
   * @param engineName            engine and logical server name; keys the offsets, so keep it stable
   * @param slotName              PostgreSQL replication slot, unique on the database server
   * @param publicationName       PostgreSQL publication of the mapped tables
   * @param publicationAutocreate {@code filtered}: the connector creates the publication for the mapped
   *                              tables; {@code disabled}: the DBA created it
   * @param snapshotMode          {@code initial}: read every mapped table once, then stream changes
   * @param replicaIdentityFull   entities whose tables are set to REPLICA IDENTITY FULL at start, so
   *                              that updates carry the row before the change (empty: leave tables alone)
   * @param offsetFlushInterval   how often the position of published changes is committed
   * @param heartbeatInterval     heartbeat that lets the slot advance while the mapped tables are quiet
   * @param restartBackoffInitial first pause before restarting a failed engine (then doubling)
   * @param restartBackoffMax     longest pause between restarts
   * @param healthTimeout         how long a health check may wait for the database
   * @param debezium              raw Debezium properties, applied last (e.g. another database's connector settings)
   * @param leadership            which of several instances captures (PostgreSQL only)
   */
  public record Capture(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("io.debezium.connector.postgresql.PostgresConnector") String connectorClass,
      @DefaultValue("his-connector") String engineName,
      @DefaultValue("contactability_his") String slotName,
      @DefaultValue("contactability_his") String publicationName,
      @DefaultValue("filtered") String publicationAutocreate,
      @DefaultValue("initial") String snapshotMode,
      @DefaultValue({"APPOINTMENTS", "WAITLIST"}) List<HisEntity> replicaIdentityFull,
      @DefaultValue("1s") Duration offsetFlushInterval,
      @DefaultValue("10s") Duration heartbeatInterval,
      @DefaultValue("1s") Duration restartBackoffInitial,
      @DefaultValue("30s") Duration restartBackoffMax,
      @DefaultValue("2s") Duration healthTimeout,
      Map<String, String> debezium,
      @DefaultValue Leadership leadership) {

    public Capture {
      replicaIdentityFull = List.copyOf(replicaIdentityFull);
      debezium = debezium == null ? Map.of() : Map.copyOf(debezium);
    }
  }

  /**
   * Hot standby: every instance asks for a PostgreSQL advisory lock named after the slot, and only
   * the one holding it captures.
   *
   * @param enabled         take the lock before capturing (off: capture at once, as a single instance)
   * @param instanceName    this instance in logs, health and {@code pg_stat_activity} (empty: host name and process id)
   * @param checkInterval   how often a standby asks for the lock and the active instance confirms it holds it
   * @param timeout         longest a lock check may take; the active instance stops capturing when one fails
   * @param deadHolderAfter how long PostgreSQL keeps the lock of a holder that went silent (network gone)
   *                        before it ends the session; must exceed {@code check-interval} + {@code timeout} + 1s,
   *                        so that such a holder stops its capture before another instance can take over
   */
  public record Leadership(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("") String instanceName,
      @DefaultValue("1s") Duration checkInterval,
      @DefaultValue("2s") Duration timeout,
      @DefaultValue("10s") Duration deadHolderAfter) {

    public Leadership {
      Duration detected = checkInterval.plus(timeout).plusSeconds(1);
      if (enabled && deadHolderAfter.compareTo(detected) <= 0) {
        throw new IllegalArgumentException("contactability.his-connector.capture.leadership.dead-holder-after ("
            + deadHolderAfter + ") must exceed check-interval + timeout + 1s (" + detected
            + "): a holder cut off from the database must stop capturing before the lock goes to another instance");
      }
    }
  }

  /**
   * @param enabled        consume {@code his.commands}
   * @param groupId        Kafka consumer group
   * @param clientId       Kafka client id
   * @param platformSchema the platform's own schema in the HIS database (holds {@code comando_procesado})
   * @param maxAttempts    tries of a command against a failing database before it goes to the dead-letter topic
   * @param backoffInitial first pause between tries (then doubling)
   * @param backoffMax     longest pause between tries
   * @param lockTimeout    how long a command waits for a row someone else holds before the try fails
   */
  public record Writeback(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("his-connector-writeback") String groupId,
      @DefaultValue("his-connector-writeback") String clientId,
      @DefaultValue("contactabilidad") String platformSchema,
      @DefaultValue("5") int maxAttempts,
      @DefaultValue("500ms") Duration backoffInitial,
      @DefaultValue("5s") Duration backoffMax,
      @DefaultValue("2s") Duration lockTimeout) {
  }
}
