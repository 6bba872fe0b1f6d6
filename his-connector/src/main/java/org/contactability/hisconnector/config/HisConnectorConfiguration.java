package org.contactability.hisconnector.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.common.kafka.ConsumerDeadLetters;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.kafka.KafkaClientMeters;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.spring.PrivacyConfiguration;
import org.contactability.common.kafka.KafkaClientSecurity;
import org.contactability.common.spring.ContactabilityKafkaProperties;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.hisconnector.adapters.debezium.CaptureEngine;
import org.contactability.hisconnector.adapters.debezium.ChangeRecords;
import org.contactability.hisconnector.adapters.debezium.DebeziumSettings;
import org.contactability.hisconnector.adapters.debezium.PublishingHandler;
import org.contactability.hisconnector.adapters.health.CaptureHealthIndicator;
import org.contactability.hisconnector.adapters.health.KafkaHealthIndicator;
import org.contactability.hisconnector.adapters.health.ReplicationSlotProbe;
import org.contactability.hisconnector.adapters.jdbc.JdbcHisWriter;
import org.contactability.hisconnector.adapters.jdbc.PlatformSchema;
import org.contactability.hisconnector.adapters.kafka.CommandConsumer;
import org.contactability.hisconnector.adapters.leadership.AdvisoryLock;
import org.contactability.hisconnector.adapters.leadership.CaptureLeadership;
import org.contactability.hisconnector.adapters.kafka.KafkaChangeSink;
import org.contactability.hisconnector.application.ChangeCapture;
import org.contactability.hisconnector.application.CommandWriteback;
import org.contactability.hisconnector.domain.mapping.CanonicalRows;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.Topics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Wiring of the capture (HIS → Kafka), the writeback (Kafka → HIS) and their health. */
@Configuration(proxyBeanMethods = false)
@Import(PrivacyConfiguration.class)
@EnableConfigurationProperties(HisConnectorProperties.class)
public class HisConnectorConfiguration {

  static final String SERVICE = "his-connector";

  @Bean
  CanonicalRows canonicalRows(HisConnectorProperties properties) {
    return new CanonicalRows(properties.mapping());
  }

  @Bean
  DeadLetters deadLetters(Clock clock, TopicNaming naming, MeterRegistry meters) {
    return new DeadLetters(SERVICE, clock, naming, meters);
  }

  /** The HIS database, for the writeback and the health checks (Debezium opens its own connections). */
  @Bean(destroyMethod = "close")
  HikariDataSource hisDataSource(HisConnectorProperties properties) {
    HisConnectorProperties.Database database = properties.database();
    HikariConfig config = new HikariConfig();
    config.setPoolName("his");
    // stringtype=unspecified: ids are bound as text and the server converts them to the column's type.
    config.setJdbcUrl("jdbc:postgresql://" + database.host() + ":" + database.port() + "/" + database.name()
        + "?stringtype=unspecified&ApplicationName=" + SERVICE);
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(database.poolSize());
    config.setMinimumIdle(0);
    config.setConnectionTimeout(Math.max(250, database.connectTimeout().toMillis()));
    config.setValidationTimeout(Math.max(250, database.connectTimeout().toMillis()));
    config.addDataSourceProperty("connectTimeout", Math.max(1, database.connectTimeout().toSeconds()));
    config.addDataSourceProperty("socketTimeout", 60);
    // Start even while the HIS is down: health says so, and the writeback waits for it.
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  /** Publishes the metrics of the producers and the writeback's consumer (lag, latency, errors). */
  @Bean(destroyMethod = "close")
  KafkaClientMeters kafkaClientMeters(MeterRegistry meters) {
    return new KafkaClientMeters(meters);
  }

  /** The writeback's producer: one result or dead letter at a time, each awaited. */
  @Bean(destroyMethod = "close")
  Producer<String, byte[]> hisConnectorProducer(KafkaProperties kafka, KafkaClientMeters kafkaClientMeters) {
    Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, config.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, SERVICE));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    // Fewer bytes for the broker to write and replicate; measured faster than none (docs/benchmarks.md).
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return kafkaClientMeters.bind(String.valueOf(config.get(ProducerConfig.CLIENT_ID_CONFIG)),
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()));
  }

  @Bean(destroyMethod = "close")
  Admin hisConnectorAdmin(KafkaProperties kafka) {
    return Admin.create(kafka.buildAdminProperties());
  }

  @Bean
  KafkaHealthIndicator kafkaHealthIndicator(Admin hisConnectorAdmin, HisConnectorProperties properties) {
    return new KafkaHealthIndicator(hisConnectorAdmin, properties.capture().healthTimeout());
  }

  /** Capture: Debezium engine → mapping → his.* topics. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "contactability.his-connector.capture", name = "enabled", havingValue = "true", matchIfMissing = true)
  static class CaptureConfiguration {

    /** The capture's own producer, tuned for batches (see {@link KafkaChangeSink#producerSettings}). */
    @Bean(destroyMethod = "close")
    Producer<String, byte[]> captureProducer(KafkaProperties kafka, KafkaClientMeters kafkaClientMeters) {
      Map<String, Object> config = KafkaChangeSink.producerSettings(kafka.buildProducerProperties());
      String clientId = String.valueOf(config.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, SERVICE));
      config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-capture");
      return kafkaClientMeters.bind(clientId + "-capture",
          new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()));
    }

    @Bean
    ChangeCapture changeCapture(CanonicalRows rows, Producer<String, byte[]> captureProducer, AvroSerdes serdes,
        TopicNaming naming, DeadLetters deadLetters, PatientDataCipher cipher, MeterRegistry meters) {
      return new ChangeCapture(rows, new KafkaChangeSink(captureProducer, serdes, naming), deadLetters, cipher,
          meters);
    }

    @Bean
    DebeziumSettings debeziumSettings(HisConnectorProperties properties, KafkaProperties kafka, TopicNaming naming,
        ContactabilityKafkaProperties platform) {
      HisConnectorProperties.Capture capture = properties.capture();
      HisConnectorProperties.Database database = properties.database();
      return new DebeziumSettings(capture.connectorClass(), capture.engineName(),
          new DebeziumSettings.DatabaseAddress(database.host(), database.port(), database.name(), database.user(),
              database.password()),
          capture.slotName(), capture.publicationName(), capture.publicationAutocreate(), capture.snapshotMode(),
          capture.replicaIdentityFull(), naming.name(Topics.HIS_CONNECTOR_OFFSETS),
          offsetStoreClient(kafka), platform.replicationFactor(),
          capture.offsetFlushInterval().toMillis(), capture.heartbeatInterval().toMillis(), capture.debezium());
    }

    /** The brokers and, on a secured cluster, the login of the admin client: the offset store logs in as it does. */
    private static Map<String, String> offsetStoreClient(KafkaProperties kafka) {
      Map<String, String> client = new HashMap<>(KafkaClientSecurity.of(kafka.buildAdminProperties()));
      client.put("bootstrap.servers", String.join(",", kafka.getBootstrapServers()));
      return client;
    }

    @Bean
    CaptureEngine captureEngine(DebeziumSettings settings, HisConnectorProperties properties, CanonicalRows rows,
        ChangeCapture capture, Clock clock) {
      HisConnectorProperties.Capture config = properties.capture();
      return new CaptureEngine(settings.engineName(), settings.properties(rows.mapping()),
          new PublishingHandler(new ChangeRecords(rows.mapping(), clock), capture),
          IntervalFunction.ofExponentialBackoff(config.restartBackoffInitial(), 2.0, config.restartBackoffMax()));
    }

    /** Hot standby: the capture runs only while this instance holds the slot's advisory lock. */
    @Bean
    @ConditionalOnProperty(prefix = "contactability.his-connector.capture.leadership", name = "enabled",
        havingValue = "true", matchIfMissing = true)
    CaptureLeadership captureLeadership(CaptureEngine engine, DebeziumSettings settings,
        HisConnectorProperties properties, Clock clock, MeterRegistry meters) {
      if (!settings.isPostgres()) {
        throw new IllegalStateException("contactability.his-connector.capture.leadership.enabled needs a PostgreSQL"
            + " HIS (its advisory lock); set it to false and run a single instance on another database");
      }
      HisConnectorProperties.Database database = properties.database();
      HisConnectorProperties.Leadership leadership = properties.capture().leadership();
      String instance = leadership.instanceName().isBlank() ? defaultInstanceName() : leadership.instanceName();
      AdvisoryLock lock = new AdvisoryLock(
          new AdvisoryLock.Login(database.host(), database.port(), database.name(), database.user(),
              database.password()),
          settings.slotName(), SERVICE + " " + instance, leadership.timeout(), leadership.deadHolderAfter());
      return new CaptureLeadership(instance, settings.slotName(), lock, engine::start, engine::stop,
          leadership.checkInterval(), clock, meters);
    }

    /** The pod's name on Kubernetes (its host name), and the process, so that two instances on one host differ. */
    private static String defaultInstanceName() {
      String host;
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException unknown) {
        host = "unknown-host";
      }
      return host + "-" + ProcessHandle.current().pid();
    }

    @Bean
    SmartLifecycle captureLifecycle(CaptureEngine engine, ObjectProvider<CaptureLeadership> leadership) {
      CaptureLeadership leader = leadership.getIfAvailable();
      return leader == null
          ? new Running(engine::start, engine::stop, engine::isRunning)
          : new Running(leader::start, leader::stop, leader::isRunning);
    }

    @Bean
    CaptureHealthIndicator captureHealthIndicator(CaptureEngine engine, DebeziumSettings settings,
        DataSource hisDataSource, HisConnectorProperties properties, ObjectProvider<CaptureLeadership> leadership) {
      ReplicationSlotProbe slot = settings.isPostgres()
          ? new ReplicationSlotProbe(hisDataSource, settings.slotName(), properties.capture().healthTimeout())
          : null;
      return new CaptureHealthIndicator(engine, slot, leadership.getIfAvailable());
    }
  }

  /** Writeback: his.commands → HIS database → his.command.results. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      prefix = "contactability.his-connector.writeback", name = "enabled", havingValue = "true",
      matchIfMissing = true)
  static class WritebackConfiguration {

    @Bean
    CommandWriteback commandWriteback(DataSource hisDataSource, HisConnectorProperties properties, Clock clock) {
      HisConnectorProperties.Writeback writeback = properties.writeback();
      return new CommandWriteback(new JdbcHisWriter(hisDataSource, properties.mapping(), writeback.platformSchema(),
          writeback.lockTimeout()), clock);
    }

    @Bean
    CommandConsumer commandConsumer(KafkaProperties kafka, HisConnectorProperties properties,
        Producer<String, byte[]> hisConnectorProducer, AvroSerdes serdes, TopicNaming naming,
        CommandWriteback writeback, DeadLetters deadLetters, MeterRegistry meters, DataSource hisDataSource,
        KafkaClientMeters kafkaClientMeters) {
      HisConnectorProperties.Writeback config = properties.writeback();
      Map<String, Object> consumerConfig = new HashMap<>(kafka.buildConsumerProperties());
      consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
      consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, config.clientId());
      consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      consumerConfig.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
      CommandConsumer.CommandTopics topics = new CommandConsumer.CommandTopics(naming.name(Topics.HIS_COMMANDS),
          naming.name(Topics.HIS_COMMAND_RESULTS), serdes.forValues(Topics.HIS_COMMANDS).deserializer(),
          serdes.forValues(Topics.HIS_COMMAND_RESULTS).serializer());
      return new CommandConsumer(
          () -> kafkaClientMeters.bind(config.clientId(),
              new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())),
          hisConnectorProducer, topics, writeback, new ConsumerDeadLetters(deadLetters,
              serdes.forValues(DeadLetter.class).serializer(), hisConnectorProducer, CommandConsumer.SEND_TIMEOUT),
          config.maxAttempts(),
          IntervalFunction.ofExponentialBackoff(config.backoffInitial(), 2.0, config.backoffMax()), meters,
          () -> PlatformSchema.migrate(hisDataSource, config.platformSchema()));
    }

    @Bean
    SmartLifecycle writebackLifecycle(CommandConsumer consumer) {
      return new Running(consumer::start, consumer::stop, consumer::isRunning);
    }
  }

  /** Starts a component with the context and stops it before the beans it uses are closed. */
  record Running(Runnable onStart, Runnable onStop, BooleanSupplier running) implements SmartLifecycle {

    @Override
    public void start() {
      onStart.run();
    }

    @Override
    public void stop() {
      onStop.run();
    }

    @Override
    public boolean isRunning() {
      return running.getAsBoolean();
    }
  }
}
