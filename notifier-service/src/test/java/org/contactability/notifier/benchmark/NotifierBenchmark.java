package org.contactability.notifier.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.Subjects;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.contracts.contact.MessageDetails;
import org.contactability.contracts.contact.Recipient;
import org.contactability.notifier.Requests;
import org.contactability.notifier.testing.NotifierApp;
import org.contactability.notifier.testing.Topics4Test;
import org.contactability.notifier.testing.TwilioApiStandIn;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.SharedKafka;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Throughput and latency of notifier-service on the real broker: requests written to
 * contact.requests until the sandbox reports them DELIVERED (WhatsApp on the sandbox), and until
 * Twilio accepted them (SMS through twilio-java to the local Twilio stand-in, status QUEUED).
 * Latency is from the request's broker timestamp to the status's broker timestamp.
 *
 * <p>Run: {@code ./mvnw -B -pl notifier-service -am test -Dtest=NotifierBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark.excluded=none}. Results go to standard output
 * and {@code notifier-service/target/benchmark-notifier.txt}.
 */
@Tag("benchmark")
class NotifierBenchmark {

  private static final String PREFIX = SharedKafka.topicPrefix(NotifierBenchmark.class);
  private static final String REGISTRY = "mem://" + PREFIX;
  private static final int WARM_UP = Integer.getInteger("benchmark.warmUp", 10_000);
  private static final int WARM_UP_ROUNDS = Integer.getInteger("benchmark.warmUpRounds", 10);
  /** A warm-up burst during which the JIT compilers worked less than this share of the wall time ends the warm-up. */
  private static final double SETTLED_COMPILING = 0.10;
  private static final int BURST = Integer.getInteger("benchmark.burst", 3000);
  private static final int PACED = Integer.getInteger("benchmark.paced", 1000);
  private static final int PACED_RATE = Integer.getInteger("benchmark.pacedRate", 100);
  private static final List<Channel> CHANNELS = Arrays.stream(System.getProperty("benchmark.channels", "WHATSAPP,SMS")
      .split(",")).map(String::trim).map(Channel::valueOf).toList();
  private static final String THREADS = System.getProperty("benchmark.threads");

  @Test
  void throughput_and_latency_to_the_sandbox_and_to_the_twilio_stand_in() throws Exception {
    List<String> report = new ArrayList<>();
    try (TwilioApiStandIn twilio = TwilioApiStandIn.start(16);
        Topics4Test topics = new Topics4Test(PREFIX, REGISTRY)) {
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("notifier.channels.sms.provider", "TWILIO");
      settings.put("notifier.channels.sms.threads", 8);
      settings.put("notifier.channels.sms.messages-per-second", 1_000_000);
      if (THREADS != null) {
        settings.put("notifier.channels.whatsapp.threads", Integer.parseInt(THREADS));
      }
      settings.put("notifier.twilio.account-sid", "AC00000000000000000000000000000003");
      settings.put("notifier.twilio.auth-token", "benchmark-token");
      settings.put("notifier.twilio.api-base-url", twilio.baseUrl());
      settings.put("notifier.hospitals.HCHM.sms-from", "+56412345679");
      settings.put("logging.level.org.contactability", "WARN");
      try (ConfigurableApplicationContext notifier = NotifierApp.start(PREFIX, REGISTRY, settings);
          KafkaProducer<String, byte[]> producer = SharedKafka.producer(new StringSerializer(), new ByteArraySerializer(),
              Map.of("linger.ms", 5));
          KafkaProducer<String, byte[]> transactional = SharedKafka.transactionalProducer(PREFIX + "bursts",
              new StringSerializer(), new ByteArraySerializer())) {
        Serializer<ContactRequest> serializer =
            new AvroSerdes(Map.of("schema.registry.url", REGISTRY)).forValues(Topics.CONTACT_REQUESTS).serializer();
        StatusReader statuses = new StatusReader(topics.naming().name(Topics.CONTACT_STATUS), REGISTRY);
        PatientDataCipher cipher = notifier.getBean(PatientDataCipher.class);

        // Each channel twice: requests in clear (as written before encryption: nothing to open), then sealed as the
        // scheduler sends them (recipient and names under one of 1,000 patients' keys), which the notifier opens.
        for (Channel channel : CHANNELS) {
          for (boolean sealed : List.of(false, true)) {
            Writer writer = new Writer(producer, transactional, serializer,
                topics.naming().name(Topics.CONTACT_REQUESTS), sealed ? cipher : null);
            String kind = sealed ? "sealed" : "clear";
            DeliveryStatus done = channel == Channel.WHATSAPP ? DeliveryStatus.DELIVERED : DeliveryStatus.QUEUED;
            String target = channel == Channel.WHATSAPP ? "sandbox (DELIVERED)"
                : "Twilio stand-in via twilio-java (QUEUED)";
            String warmUp = warmUp(writer, statuses, channel + "-" + kind, channel, done);
            Batch burstRequests = writer.burst(channel + "-" + kind + "-burst", channel, BURST);
            NotifierCpu cpu = NotifierCpu.now(channel);
            Run burst = statuses.await(burstRequests, done, true);
            NotifierCpu cpuAfter = NotifierCpu.now(channel);
            Run paced = statuses.await(writer.paced(channel + "-" + kind + "-paced", channel, PACED, PACED_RATE), done);
            report.add(String.format("%s (%s) to %s: burst of %d: %.0f requests/s, latency p50 %d ms, p99 %d ms,"
                + " max %d ms; CPU per message: notifier %.0f µs (its %s lane's threads %.0f µs); the JVM used %.2f"
                + " cores of %d; in the burst the JIT compiled for %d ms and the collector paused %s; %s", channel,
                kind, target, BURST, burst.perSecond(), burst.percentile(50), burst.percentile(99),
                burst.percentile(100), cpuAfter.notifierMicrosSince(cpu) / BURST, channel,
                cpuAfter.laneMicrosSince(cpu) / BURST, cpuAfter.processCoresSince(cpu),
                Runtime.getRuntime().availableProcessors(), cpuAfter.compilingMillis() - cpu.compilingMillis(),
                cpuAfter.collectionsSince(cpu), warmUp));
            report.add(String.format("%s (%s) to %s: paced at %d/s for %d: latency p50 %d ms, p99 %d ms, max %d ms",
                channel, kind, target, PACED_RATE, PACED, paced.percentile(50), paced.percentile(99),
                paced.percentile(100)));
            if (channel == Channel.WHATSAPP && sealed) {
              report.add(rawProducer(topics.naming().name(Topics.CONTACT_STATUS), statuses.written(burst), burst));
            }
          }
        }
        statuses.close();
      }
      report.add("Twilio stand-in received " + twilio.received().size() + " requests");
    }
    report.forEach(System.out::println);
    Files.write(Path.of("target/benchmark-notifier.txt"), report);
    assertThat(report).hasSize(1 + 4 * CHANNELS.size() + (CHANNELS.contains(Channel.WHATSAPP) ? 1 : 0));
  }

  /**
   * Bursts of {@code benchmark.warmUp} requests until the JIT compilers have settled: in the first minutes of a JVM
   * that runs the broker, its clients and the notifier, C2 compiling took up to 0.8 of the two cores (speed9 in
   * docs/benchmarks.md), which a notifier that has run for a while no longer pays.
   */
  private static String warmUp(Writer writer, StatusReader statuses, String run, Channel channel, DeliveryStatus done)
      throws Exception {
    double compiling = 1;
    int round = 0;
    while (round < WARM_UP_ROUNDS && compiling >= SETTLED_COMPILING) {
      round++;
      NotifierCpu before = NotifierCpu.now(channel);
      statuses.await(writer.burst(run + "-warm-" + round, channel, WARM_UP), done);
      NotifierCpu after = NotifierCpu.now(channel);
      compiling = (after.compilingMillis() - before.compilingMillis()) * 1e6 / (after.wallNanos() - before.wallNanos());
    }
    return String.format("after a warm-up of %d × %d requests (the JIT compiling %.0f %% of the last one's time)",
        round, WARM_UP, compiling * 100);
  }

  /**
   * The same status records the notifier wrote for the WhatsApp burst (their bytes, request by request), written again
   * by a bare producer with the notifier's producer settings, as fast as it takes them, to a topic of their own
   * with as many partitions on the same broker: what the broker and one producer can do with nothing else to do.
   */
  private static String rawProducer(String statusTopic, List<ProducerRecord<String, byte[]>> records, Run notifier)
      throws Exception {
    String topic = PREFIX + "raw." + statusTopic;
    int partitions;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
        SharedKafka.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
      partitions = consumer.partitionsFor(statusTopic).size();
    }
    SharedKafka.createTopic(topic, partitions);
    int messages = notifier.latencies().length;
    try (KafkaProducer<String, byte[]> producer = SharedKafka.producer(new StringSerializer(),
        new ByteArraySerializer(), Map.of("acks", "all", "enable.idempotence", true, "linger.ms", 2))) {
      producer.send(new ProducerRecord<>(topic, "warm-up", new byte[0])).get();
      long start = System.nanoTime();
      List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
      for (ProducerRecord<String, byte[]> record : records) {
        sent.add(producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
      }
      for (Future<RecordMetadata> write : sent) {
        write.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double rawPerSecond = messages / seconds;
      return String.format("raw producer, the same %d status records of the %d WhatsApp messages: %.0f records/s,"
          + " %.0f messages/s; the notifier %.0f messages/s: %.2f of the raw producer", records.size(), messages,
          records.size() / seconds, rawPerSecond, notifier.perSecond(), notifier.perSecond() / rawPerSecond);
    }
  }

  /**
   * CPU time the notifier's threads have used so far (their own, whatever else runs on the machine): the threads of
   * one channel's lane (its consumer and its bulkhead, which prepare, announce, send and report), and every thread of
   * the notifier (with its producer's network thread and the followers of contact.status and contact.suppressions).
   * The broker, the registry and this benchmark's own threads are not counted there, but are in the JVM's total.
   */
  private record NotifierCpu(long laneNanos, long notifierNanos, long processNanos, long wallNanos,
      long compilingMillis, Map<String, long[]> collections) {

    static NotifierCpu now(Channel channel) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      String lane = channel.name().toLowerCase(Locale.ROOT);
      long laneNanos = 0;
      long notifierNanos = 0;
      for (Thread thread : Thread.getAllStackTraces().keySet()) {
        String name = thread.getName();
        long nanos = Math.max(0, threads.getThreadCpuTime(thread.getId()));
        if (name.equals("notifier-lane-" + lane) || name.startsWith("bulkhead-notifier-" + lane + "-")) {
          laneNanos += nanos;
        }
        if (name.startsWith("notifier-") || name.startsWith("bulkhead-notifier-") || name.endsWith("notifier-writer")) {
          notifierNanos += nanos;
        }
      }
      // The whole JVM's processor time (broker, registry, this benchmark, the collector and the compilers too): how
      // much of the machine the burst had, so that a run bound by the cores can be told from one bound by waits.
      long processNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      Map<String, long[]> collections = new LinkedHashMap<>();
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        collections.put(collector.getName(), new long[] {collector.getCollectionCount(), collector.getCollectionTime()});
      }
      return new NotifierCpu(laneNanos, notifierNanos, processNanos, System.nanoTime(),
          ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), collections);
    }

    /** Collections since {@code before}, by collector: "Copy 12 for 340 ms, MarkSweepCompact 1 for 420 ms". */
    String collectionsSince(NotifierCpu before) {
      List<String> parts = new ArrayList<>();
      collections.forEach((name, now) -> {
        long[] then = before.collections.getOrDefault(name, new long[2]);
        parts.add(String.format("%s %d for %d ms", name, now[0] - then[0], now[1] - then[1]));
      });
      return String.join(", ", parts);
    }

    double processCoresSince(NotifierCpu before) {
      return (double) (processNanos - before.processNanos) / (wallNanos - before.wallNanos);
    }

    double laneMicrosSince(NotifierCpu before) {
      return (laneNanos - before.laneNanos) / 1e3;
    }

    double notifierMicrosSince(NotifierCpu before) {
      return (notifierNanos - before.notifierNanos) / 1e3;
    }
  }

  /** Latencies (ms) of one run and its throughput. */
  private record Run(Set<String> ids, long[] latencies, double perSecond) {

    long percentile(int p) {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
      return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
  }

  /** Requests of one run, by request id, with the broker timestamp each was written at. */
  private record Batch(Map<String, Long> writtenAt) {
  }

  private static final class Writer {

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaProducer<String, byte[]> transactional;
    private final Serializer<ContactRequest> serializer;
    private final String topic;
    private final PatientDataCipher cipher;

    /**
     * @param transactional writes each burst in one transaction
     * @param cipher        seals each request's recipient and names as the scheduler would; null for requests in clear
     */
    Writer(KafkaProducer<String, byte[]> producer, KafkaProducer<String, byte[]> transactional,
        Serializer<ContactRequest> serializer, String topic, PatientDataCipher cipher) {
      this.cipher = cipher;
      this.producer = producer;
      this.transactional = transactional;
      this.serializer = serializer;
      this.topic = topic;
    }

    /**
     * A backlog, as a scheduler's catch-up leaves it: every request is made, sealed and written first, in one
     * transaction, so the notifier (which reads only committed requests) sees them all at once, when it commits, and
     * competes with none of this work. Each request's latency counts from the commit.
     */
    Batch burst(String run, Channel channel, int count) throws Exception {
      List<String> ids = new ArrayList<>();
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ids.add(run + ":" + i);
        records.add(new ProducerRecord<>(topic, "A-" + i, serializer.serialize(topic, request(run, channel, i))));
      }
      transactional.beginTransaction();
      records.forEach(transactional::send);
      transactional.flush();
      transactional.commitTransaction();
      long committedAt = System.currentTimeMillis();
      Map<String, Long> writtenAt = new HashMap<>();
      ids.forEach(id -> writtenAt.put(id, committedAt));
      return new Batch(writtenAt);
    }

    Batch paced(String run, Channel channel, int count, int perSecond) throws Exception {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      long start = System.nanoTime();
      long interval = 1_000_000_000L / perSecond;
      for (int i = 0; i < count; i++) {
        long due = start + i * interval;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        ids.add(run + ":" + i);
        sent.add(send(request(run, channel, i), i));
        producer.flush();
      }
      return collect(ids, sent);
    }

    private ContactRequest request(String run, Channel channel, int i) {
      String phone = String.format("+5698%07d", i % 10_000_000);
      ContactRequest request = Requests.request(run + ":" + i, "HCHM", "reminder", channel)
          .setRecipient(Recipient.newBuilder().setPhone(phone).build()).build();
      if (cipher == null) {
        return request;
      }
      String subject = Subjects.patient("B-" + i % 1000);
      MessageDetails details = request.getDetails();
      ContactRequest sealed = ContactRequest.newBuilder(request)
          .setRecipient(Recipient.newBuilder().setPhone(cipher.seal(subject, phone)).build())
          .setDetails(MessageDetails.newBuilder(details)
              .setPatientGivenNames(cipher.seal(subject, details.getPatientGivenNames()))
              .setPatientFullName(cipher.seal(subject, details.getPatientFullName())).build()).build();
      cipher.flushKeys();
      return sealed;
    }

    private Future<RecordMetadata> send(ContactRequest request, int i) {
      return producer.send(new ProducerRecord<>(topic, "A-" + i, serializer.serialize(topic, request)));
    }

    private Batch collect(List<String> ids, List<Future<RecordMetadata>> sent) throws Exception {
      Map<String, Long> writtenAt = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        writtenAt.put(ids.get(i), sent.get(i).get().timestamp());
      }
      return new Batch(writtenAt);
    }
  }

  /** Follows contact.status from the beginning, without a group. */
  private static final class StatusReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final org.apache.kafka.common.serialization.Deserializer<ContactStatus> deserializer;
    private final Map<String, Long> reachedAt = new HashMap<>();
    private final Map<String, DeliveryStatus> reached = new HashMap<>();
    private final Map<String, List<ProducerRecord<String, byte[]>>> written = new HashMap<>();
    private final String topic;

    StatusReader(String topic, String registry) {
      this.topic = topic;
      this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
          new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      this.deserializer = new AvroSerdes(Map.of("schema.registry.url", registry)).forValues(Topics.CONTACT_STATUS)
          .deserializer();
    }

    Run await(Batch batch, DeliveryStatus done) {
      return await(batch, done, false);
    }

    /** @param keepWritten keep the run's status records for {@link #written} */
    Run await(Batch batch, DeliveryStatus done, boolean keepWritten) {
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      // Counted as they come (a check of every request after each poll was this thread's own load on the two cores).
      int pending = (int) batch.writtenAt().keySet().stream().filter(id -> reached.get(id) != done).count();
      while (pending > 0) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("not every request reached " + done + " within 5 minutes");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          ContactStatus status = deserializer.deserialize(topic, record.value());
          if (batch.writtenAt().containsKey(status.getRequestId())) {
            written.computeIfAbsent(status.getRequestId(), id -> new ArrayList<>())
                .add(new ProducerRecord<>(topic, record.key(), record.value()));
          }
          if (status.getStatus() == done && reached.put(status.getRequestId(), done) != done) {
            reachedAt.put(status.getRequestId(), record.timestamp());
            if (batch.writtenAt().containsKey(status.getRequestId())) {
              pending--;
            }
          }
        }
      }
      long first = batch.writtenAt().values().stream().mapToLong(Long::longValue).min().orElseThrow();
      long last = batch.writtenAt().keySet().stream().mapToLong(reachedAt::get).max().orElseThrow();
      long[] latencies = batch.writtenAt().entrySet().stream()
          .mapToLong(e -> reachedAt.get(e.getKey()) - e.getValue()).toArray();
      // What this reader keeps of a finished run is let go, so that its heap does not grow with every warm-up.
      batch.writtenAt().keySet().forEach(id -> {
        reached.remove(id);
        reachedAt.remove(id);
      });
      if (!keepWritten) {
        batch.writtenAt().keySet().forEach(written::remove);
      }
      return new Run(batch.writtenAt().keySet(), latencies, batch.writtenAt().size() * 1000.0 / Math.max(1, last - first));
    }

    /** The status records written for the requests of {@code run}, as they were written. */
    List<ProducerRecord<String, byte[]>> written(Run run) {
      return run.ids().stream().flatMap(id -> written.getOrDefault(id, List.of()).stream()).toList();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
