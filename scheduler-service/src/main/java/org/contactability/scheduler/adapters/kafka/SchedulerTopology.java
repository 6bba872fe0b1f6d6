package org.contactability.scheduler.adapters.kafka;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.contactability.common.kafka.DeadLetters;
import org.contactability.common.links.AnswerTokens;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.AppointmentDecision;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.ContactStatus;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.scheduler.domain.ContactPlanner;
import org.contactability.scheduler.domain.PolicyCatalog;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.schemas.topics.Topics;

/**
 * The scheduler's Kafka Streams topology, read top to bottom:
 * <ol>
 *   <li>HIS row changes become tables (a delete envelope and its tombstone both delete the row);</li>
 *   <li>appointments are foreign-key joined with their site, patient and professional;</li>
 *   <li>the joined rows become the enriched view on {@code appointments};</li>
 *   <li>views, delivery statuses and decisions drive each appointment's contact plan, which emits
 *       {@code contact.requests}, a {@code SKIPPED} status on {@code contact.status} for each message
 *       that will not go, and the decisions seen in the HIS on {@code appointment.decisions}.</li>
 * </ol>
 * Every processor, store and internal topic is named, so that names survive changes of the code.
 */
public final class SchedulerTopology {

  /**
   * Defaults of the scheduler's Kafka Streams settings. A tick sends thousands of requests and changelog
   * records at once: batches of 256 KiB wake the producer's sender thread far less often than the default
   * 16 KiB (measured in docs/benchmarks.md).
   */
  public static Map<String, Object> streamsDefaults() {
    return Map.of(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024,
        // Under exactly-once a record is visible downstream only once its transaction commits, and a booking
        // crosses seven internal hops (three foreign-key joins, then the view) before it is a request: at
        // Streams' 100 ms each hop waited about half of it (docs/benchmarks.md, booking notice latency).
        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20,
        // A record processed less than the commit interval after the last commit is committed only when the
        // thread comes back from its next poll, which waits up to poll.ms for input that cannot come (the next
        // hop is waiting for this very commit): Streams' 100 ms cost each hop about that much.
        StreamsConfig.POLL_MS_CONFIG, 10);
  }

  private final TopicNaming naming;
  private final AvroSerdes serdes;
  private final PolicyCatalog catalog;
  private final Clock clock;
  private final AnswerTokens tokens;
  private final PlanSettings settings;
  private final SchedulerMetrics metrics;
  private final DeadLetters deadLetters;

  /** @param deadLetters the letters of views and plans that cannot be sent, forwarded to their dead-letter topics */
  public SchedulerTopology(TopicNaming naming, AvroSerdes serdes, PolicyCatalog catalog, Clock clock,
      AnswerTokens tokens, PlanSettings settings, SchedulerMetrics metrics, DeadLetters deadLetters) {
    this.naming = naming;
    this.serdes = serdes;
    this.catalog = catalog;
    this.clock = clock;
    this.tokens = tokens;
    this.settings = settings;
    this.metrics = metrics;
    this.deadLetters = deadLetters;
  }

  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    Serde<String> keys = Serdes.String();

    // 1. HIS rows as tables.
    KTable<String, JoinedAppointment.Site> sites = rows(builder, Topics.HIS_SITES,
        c -> c.getAfter() == null ? null : JoinedAppointment.Site.of(c), JoinRowSerde.sites(), "sites");
    KTable<String, JoinedAppointment.Patient> patients = rows(builder, Topics.HIS_PATIENTS,
        c -> c.getAfter() == null ? null : JoinedAppointment.Patient.of(c), JoinRowSerde.patients(), "patients");
    KTable<String, JoinedAppointment.Professional> professionals = rows(builder, Topics.HIS_PROFESSIONALS,
        c -> c.getAfter() == null ? null : JoinedAppointment.Professional.of(c), JoinRowSerde.professionals(),
        "professionals");
    KTable<String, JoinedAppointment.Appointment> appointments = rows(builder, Topics.HIS_APPOINTMENTS,
        c -> c.getAfter() == null ? null : JoinedAppointment.Appointment.of(c), JoinRowSerde.appointments(),
        "appointments");

    // 2. Foreign-key joins.
    Serde<JoinedAppointment> joinedSerde = JoinRowSerde.joined();
    KTable<String, JoinedAppointment> joined = appointments
        .join(sites, JoinedAppointment.Appointment::siteId, JoinedAppointment::withSite,
            TableJoined.as("scheduler-join-site"), materialized("scheduler-join-site", joinedSerde))
        // Left join: an appointment whose patient row never arrived (dead-lettered by his-connector) is
        // still seen, so that it can say why nothing is planned for it.
        .leftJoin(patients, j -> j.appointment().patientId(), JoinedAppointment::withPatient,
            TableJoined.as("scheduler-join-patient"), materialized("scheduler-join-patient", joinedSerde))
        .join(professionals, j -> j.appointment().professionalId(), JoinedAppointment::withProfessional,
            TableJoined.as("scheduler-join-professional"), materialized("scheduler-join-professional", joinedSerde));

    // 3. The enriched view.
    Serde<Appointment> appointmentSerde = serdes.forValues(Topics.APPOINTMENTS);
    Serde<DeadLetter> deadLetterSerde = serdes.forValues(DeadLetter.class);
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SchedulerStores.VIEWS),
        keys, appointmentSerde));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SchedulerStores.PARKED_VIEWS),
        keys, joinedSerde));
    AppointmentViews views = new AppointmentViews(catalog);
    ContactRequests requests = new ContactRequests(clock, tokens, settings.serviceName());
    String statusTopic = naming.name(Topics.CONTACT_STATUS);
    Serde<ContactStatus> statusSerde = serdes.forValues(Topics.CONTACT_STATUS);
    joined.toStream(Named.as("joined-appointments"))
        .process(() -> new ViewProcessor(views, requests, clock, deadLetters),
            Named.as("view-emitter"), SchedulerStores.VIEWS, SchedulerStores.PARKED_VIEWS)
        .split(Named.as("views-"))
        .branch((key, value) -> value instanceof DeadLetter, Branched.withConsumer(dead -> dead
            .mapValues(v -> (DeadLetter) v, Named.as("views-dead-letter"))
            .to(naming.deadLetterName(Topics.HIS_APPOINTMENTS), Produced.with(keys, deadLetterSerde)
                .withName("views-dead-letter-sink")), "dead"))
        .branch((key, value) -> value instanceof ContactStatus, Branched.withConsumer(out -> out
            .mapValues(v -> (ContactStatus) v, Named.as("views-skipped"))
            .to(statusTopic, Produced.with(keys, statusSerde).withName("views-skipped-sink")), "status"))
        .defaultBranch(Branched.withConsumer(out -> out
            .mapValues(v -> (Appointment) v, Named.as("views-appointment"))
            .to(naming.name(Topics.APPOINTMENTS), Produced.with(keys, appointmentSerde).withName("appointments-sink")),
            "out"));

    // 4. Contact plans, fed by views, delivery statuses and decisions (all keyed by appointment id).
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SchedulerStores.PLANS),
        keys, new PlanSerde()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SchedulerStores.DUE),
        keys, Serdes.String()));
    KStream<String, SpecificRecord> events = events(builder, Topics.APPOINTMENTS, "plan-views")
        .merge(events(builder, Topics.CONTACT_STATUS, "plan-statuses"), Named.as("plan-merge-statuses"))
        .merge(events(builder, Topics.APPOINTMENT_DECISIONS, "plan-decisions"), Named.as("plan-merge-decisions"));
    ContactPlanner planner = new ContactPlanner(catalog);
    String requestsTopic = naming.name(Topics.CONTACT_REQUESTS);
    events.process(() -> new PlanProcessor(planner, requests, clock, deadLetters, settings, metrics), Named.as("contact-plans"), SchedulerStores.PLANS, SchedulerStores.DUE)
        .split(Named.as("plans-"))
        .branch((key, value) -> value instanceof ContactRequest, Branched.withConsumer(out -> out
            .mapValues(v -> (ContactRequest) v, Named.as("plans-request"))
            .to(requestsTopic, Produced.with(keys, serdes.forValues(Topics.CONTACT_REQUESTS))
                .withName("contact-requests-sink")), "requests"))
        .branch((key, value) -> value instanceof ContactStatus, Branched.withConsumer(out -> out
            .mapValues(v -> (ContactStatus) v, Named.as("plans-skipped"))
            .to(statusTopic, Produced.with(keys, statusSerde).withName("plans-skipped-sink")), "statuses"))
        .branch((key, value) -> value instanceof AppointmentDecision, Branched.withConsumer(out -> out
            .mapValues(v -> (AppointmentDecision) v, Named.as("plans-decision"))
            .to(naming.name(Topics.APPOINTMENT_DECISIONS), Produced.with(keys,
                serdes.forValues(Topics.APPOINTMENT_DECISIONS)).withName("decisions-sink")), "decisions"))
        .defaultBranch(Branched.withConsumer(dead -> dead
            .mapValues(v -> (DeadLetter) v, Named.as("plans-dead-letter"))
            .to(naming.deadLetterName(Topics.CONTACT_REQUESTS), Produced.with(keys, deadLetterSerde)
                .withName("plans-dead-letter-sink")), "dead"));

    return builder.build();
  }

  private <C extends SpecificRecord, R> KTable<String, R> rows(StreamsBuilder builder, TopicSpec<C> topic,
      Function<C, R> row, Serde<R> serde, String name) {
    return builder.stream(naming.name(topic), Consumed.with(Serdes.String(), serdes.forValues(topic))
            .withName(name + "-source"))
        // The delete envelope (after = null) and the tombstone after it both delete the row.
        .mapValues(change -> change == null ? null : row.apply(change), Named.as(name + "-rows"))
        .toTable(Named.as(name + "-table"), materialized("scheduler-" + name, serde));
  }

  private <V extends SpecificRecord> KStream<String, SpecificRecord> events(StreamsBuilder builder,
      TopicSpec<V> topic, String name) {
    return builder.stream(naming.name(topic), Consumed.with(Serdes.String(), serdes.forValues(topic))
            .withName(name + "-source"))
        .mapValues(v -> (SpecificRecord) v, Named.as(name + "-events"));
  }

  private static <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> materialized(String name, Serde<V> serde) {
    return Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(name)
        .withKeySerde(Serdes.String())
        .withValueSerde(serde);
  }
}
