package org.contactability.console.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.console.ConsoleApplication;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.TestTokens;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The console application started as the embedded platform starts it (SpringServices: properties
 * plus singletons registered before any bean is made), on the shared test broker with its own topic
 * prefix and in-memory registry scope, on a free port. One per test class.
 */
public final class RunningConsole implements AutoCloseable {

  private final ConfigurableApplicationContext context;
  private final TopicNaming naming;
  private final AvroSerdes serdes;
  private final KafkaProducer<String, byte[]> producer;

  private RunningConsole(ConfigurableApplicationContext context, TopicNaming naming, AvroSerdes serdes) {
    this.context = context;
    this.naming = naming;
    this.serdes = serdes;
    this.producer = SharedKafka.producer(new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * @param testClass  names the topic prefix and the registry scope
   * @param properties settings over the defaults of a test console
   * @param singletons beans registered first, as the embedded platform registers its clock and stores
   */
  public static RunningConsole start(Class<?> testClass, Map<String, Object> properties, Map<String, Object> singletons) {
    String prefix = SharedKafka.topicPrefix(testClass);
    String registry = "mem://" + prefix;
    Map<String, Object> all = new HashMap<>();
    all.put("server.port", 0);
    all.put("spring.application.name", "console");
    all.put("spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
    all.put("contactability.kafka.schema-registry-url", registry);
    all.put("contactability.kafka.topic-prefix", prefix);
    all.put("contactability.console.read-model.metadata-refresh", "1s");
    all.put("contactability.console.funnel.check-every", "100ms");
    all.put("contactability.console.lag.refresh", "300ms");
    all.put(TestTokens.PROPERTY, TestTokens.publicKeyLocation());
    all.putAll(properties);
    ConfigurableApplicationContext context = new SpringApplicationBuilder(ConsoleApplication.class)
        .bannerMode(Banner.Mode.OFF)
        .registerShutdownHook(false)
        .initializers(ctx -> singletons.forEach(ctx.getBeanFactory()::registerSingleton))
        // As arguments, like the platform passes them: defaults would lose to application.yml.
        .run(all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    return new RunningConsole(context, new TopicNaming(prefix), new AvroSerdes(Map.of("schema.registry.url", registry)));
  }

  public String url() {
    return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  /** As an administrator, who may use every endpoint: who else may is the platform's EndpointAccessTest's. */
  public WebTestClient web() {
    return WebTestClient.bindToServer().baseUrl(url()).responseTimeout(Duration.ofSeconds(60))
        .defaultHeader("Authorization", TestTokens.bearer("administrator")).build();
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** The serdes of this console's registry. */
  public AvroSerdes serdes() {
    return serdes;
  }

  public TopicNaming naming() {
    return naming;
  }

  /** The bytes a service would write for {@code value} on {@code topic} (Confluent wire format, this registry). */
  public <V extends SpecificRecord> byte[] bytes(TopicSpec<V> topic, V value) {
    return serdes.forValues(topic).serializer().serialize(naming.name(topic), value);
  }

  public <V extends SpecificRecord> void publish(TopicSpec<V> topic, String key, V value) {
    send(naming.name(topic), key, value == null ? null : bytes(topic, value));
  }

  /** Raw bytes on a resolved topic name, waiting for the broker's acknowledgement. */
  public void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not publish to " + topic, e);
    }
  }

  public void send(String topic, int partition, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not publish to " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close();
    context.close();
  }
}
