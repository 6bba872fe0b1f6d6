package org.contactability.hisconnector.adapters.debezium;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.contactability.hisconnector.domain.mapping.HisEntity;
import org.contactability.hisconnector.domain.mapping.HisMapping;

/**
 * The Debezium engine and connector settings of the capture, from the connector's configuration.
 * Defaults suit the reference HIS on PostgreSQL ({@code pgoutput}); anything may be overridden by
 * the raw {@code debezium} map, which is how other databases' connectors are configured.
 *
 * @param connectorClass      Debezium connector class
 * @param engineName          engine name; also the connector's logical name and the key of its offsets
 * @param database            where the HIS database is
 * @param slotName            PostgreSQL replication slot (one per connector, unique on the server)
 * @param publicationName     PostgreSQL publication of the mapped tables
 * @param publicationAutocreate {@code filtered} (create it for the mapped tables) or {@code disabled} (the DBA did)
 * @param snapshotMode        {@code initial}: read the tables once, then stream; {@code no_data}: stream only
 * @param replicaIdentityFull entities whose tables the connector sets to REPLICA IDENTITY FULL
 * @param offsetsTopic        Kafka topic of the engine's offsets (resolved name)
 * @param offsetStoreClient   Kafka client settings of the offset store: {@code bootstrap.servers} and any
 *                            security ({@code security.*}, {@code sasl.*}, {@code ssl.*}); Kafka Connect's
 *                            offset store hands the engine's top-level settings to its clients
 * @param replicationFactor   replication factor of the offsets topic if the engine has to create it
 * @param offsetFlushIntervalMs how often handled positions are committed to the offsets topic
 * @param heartbeatIntervalMs lets the slot advance while the mapped tables are quiet (0: off)
 * @param overrides           raw Debezium properties, applied last
 */
public record DebeziumSettings(String connectorClass, String engineName, DatabaseAddress database, String slotName,
    String publicationName, String publicationAutocreate, String snapshotMode, List<HisEntity> replicaIdentityFull,
    String offsetsTopic, Map<String, String> offsetStoreClient, short replicationFactor, long offsetFlushIntervalMs,
    long heartbeatIntervalMs, Map<String, String> overrides) {

  public static final String POSTGRES = "io.debezium.connector.postgresql.PostgresConnector";

  /** Login of the connector to the HIS database. */
  public record DatabaseAddress(String host, int port, String name, String user, String password) {

    @Override
    public String toString() {
      return "DatabaseAddress[" + host + ":" + port + "/" + name + ", user=" + user + "]";
    }
  }

  public boolean isPostgres() {
    return POSTGRES.equals(connectorClass);
  }

  public Properties properties(HisMapping mapping) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("name", engineName);
    p.put("connector.class", connectorClass);
    p.put("topic.prefix", engineName);

    p.put("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
    p.put("offset.storage.topic", offsetsTopic);
    p.put("offset.storage.partitions", "1");
    p.put("offset.storage.replication.factor", Short.toString(replicationFactor));
    p.putAll(offsetStoreClient);
    p.put("offset.flush.interval.ms", Long.toString(offsetFlushIntervalMs));
    // Connection errors are first retried by the engine; when these run out, CaptureEngine restarts it.
    p.put("errors.max.retries", "3");
    p.put("errors.retry.delay.initial.ms", "500");
    p.put("errors.retry.delay.max.ms", "5000");

    p.put("database.hostname", database.host());
    p.put("database.port", Integer.toString(database.port()));
    p.put("database.dbname", database.name());
    p.put("database.user", database.user());
    p.put("database.password", database.password());

    p.put("table.include.list", includeList(mapping));
    p.put("snapshot.mode", snapshotMode);
    // Deletes are followed by our own tombstone, on our own topic.
    p.put("tombstones.on.delete", "false");
    // Numbers as text: NUMBER ids of Oracle and numeric columns come through unchanged.
    p.put("decimal.handling.mode", "string");
    // Larger batches than Debezium's 2,048: each batch waits once for the broker's acknowledgement.
    p.put("max.batch.size", "8192");
    p.put("max.queue.size", "32768");
    // Debezium's 500 ms made a quiet HIS wait up to twice that per change: the reader sleeps this long when the
    // replication stream is empty, and a batch that is not full is handed over only when it has passed.
    p.put("poll.interval.ms", "25");
    if (heartbeatIntervalMs > 0) {
      p.put("heartbeat.interval.ms", Long.toString(heartbeatIntervalMs));
    }

    if (isPostgres()) {
      p.put("plugin.name", "pgoutput");
      p.put("slot.name", slotName);
      p.put("publication.name", publicationName);
      p.put("publication.autocreate.mode", publicationAutocreate);
      if (!replicaIdentityFull.isEmpty()) {
        p.put("replica.identity.autoset.values", replicaIdentityFull.stream()
            .map(entity -> mapping.tableOf(entity) + ":FULL")
            .collect(Collectors.joining(",")));
      }
    }
    p.putAll(overrides);

    Properties properties = new Properties();
    properties.putAll(p);
    return properties;
  }

  /** The mapped tables as Debezium's include list: regular expressions matched against {@code schema.table}. */
  static String includeList(HisMapping mapping) {
    return Arrays.stream(HisEntity.values())
        .map(mapping::tableOf)
        .map(table -> table.replace(".", "\\."))
        .collect(Collectors.joining(","));
  }
}
