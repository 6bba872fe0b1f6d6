package org.contactability.hisconnector.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.contactability.common.Rut;
import org.contactability.contracts.ops.DeadLetter;
import org.contactability.embedded.PostgresDatabase;
import org.contactability.his.reference.NewPatient;
import org.contactability.his.reference.NewProfessional;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.ReferenceHisSchema;
import org.contactability.common.privacy.DataKeyRing;
import org.contactability.common.privacy.PatientDataCipher;
import org.contactability.common.privacy.kms.LocalKeysetKeks;
import org.contactability.common.privacy.testing.TestCiphers;
import org.contactability.schemas.serde.AvroSerdes;
import org.contactability.schemas.topics.TopicNaming;
import org.contactability.schemas.topics.TopicSpec;
import org.contactability.testkit.SharedInfrastructure;
import org.contactability.testkit.SharedKafka;
import org.contactability.testkit.SharedPostgres;
import org.contactability.testkit.TopicProbe;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What one integration test class of his-connector needs: its own database with the reference HIS
 * schema, its own topic prefix, registry scope, replication slot and consumer group on the shared
 * broker and server, and the Spring properties that point the connector at them.
 */
public final class HisTestBed {

  private TestCiphers.Attached ciphers;

  private final PostgresDatabase database;
  private final String prefix;
  private final String suffix;
  private final AvroSerdes serdes;

  private HisTestBed(Class<?> testClass) {
    this.database = SharedPostgres.newDatabase(testClass);
    ReferenceHisSchema.migrate(database.dataSource());
    this.prefix = SharedKafka.topicPrefix(testClass);
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    this.suffix = HexFormat.of().formatHex(random);
    this.serdes = new AvroSerdes(Map.of("schema.registry.url", registryUrl()));
  }

  public static HisTestBed create(Class<?> testClass) {
    return new HisTestBed(testClass);
  }

  public PostgresDatabase database() {
    return database;
  }

  public DataSource dataSource() {
    return database.dataSource();
  }

  public TopicNaming naming() {
    return new TopicNaming(prefix);
  }

  public AvroSerdes serdes() {
    return serdes;
  }

  /** A cipher on this bed's privacy.keys and the KEK the connector uses: it opens what the connector sealed. */
  public synchronized PatientDataCipher cipher() {
    return ciphers().cipher();
  }

  /** The data keys, for erasing a patient as the console would. */
  public synchronized DataKeyRing keys() {
    return ciphers().ring();
  }

  private TestCiphers.Attached ciphers() {
    if (ciphers == null) {
      ciphers = TestCiphers.onBroker(SharedKafka.bootstrapServers(), registryUrl(), naming(),
          LocalKeysetKeks.open(Path.of(kekFile()), true));
      SharedInfrastructure.closeAtSessionEnd(ciphers);
    }
    return ciphers;
  }

  public String registryUrl() {
    return "mem://" + prefix + "registry";
  }

  public String slotName() {
    return "hc_" + suffix;
  }

  public ReferenceHis his(Clock clock) {
    return new ReferenceHis(dataSource(), clock);
  }

  /** Points the connector at this test bed's database and the shared broker. */
  public void register(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
    registry.add("server.port", () -> "0");
    registry.add("contactability.kafka.topic-prefix", () -> prefix);
    registry.add("contactability.kafka.schema-registry-url", this::registryUrl);
    registry.add("contactability.his-connector.database.host", database::host);
    registry.add("contactability.his-connector.database.port", database::port);
    registry.add("contactability.his-connector.database.name", database::name);
    registry.add("contactability.his-connector.database.user", database::user);
    registry.add("contactability.his-connector.database.password", database::password);
    registry.add("contactability.his-connector.capture.engine-name", () -> "his-connector-" + suffix);
    registry.add("contactability.his-connector.capture.slot-name", this::slotName);
    registry.add("contactability.his-connector.capture.publication-name", () -> "pub_" + suffix);
    registry.add("contactability.his-connector.capture.restart-backoff-initial", () -> "200ms");
    registry.add("contactability.his-connector.capture.restart-backoff-max", () -> "2s");
    registry.add("contactability.his-connector.writeback.group-id", () -> "writeback-" + suffix);
    registry.add("contactability.his-connector.writeback.client-id", () -> "writeback-" + suffix);
    registry.add("contactability.privacy.kek.local.keyset-file", this::kekFile);
  }

  /** The connector's KEK: a keyset file of this bed's own, which {@link #cipher()} opens too. */
  private String kekFile() {
    return Path.of(System.getProperty("java.io.tmpdir"), "kek-" + suffix + ".json").toString();
  }

  /** Reads one of this test bed's topics from its beginning. */
  public <V extends SpecificRecord> TopicProbe<String, V> probe(TopicSpec<V> topic) {
    return TopicProbe.on(naming().name(topic), new StringDeserializer(), serdes.forValues(topic).deserializer());
  }

  /** Reads the dead-letter topic of one of this test bed's topics. */
  public TopicProbe<String, DeadLetter> deadLetterProbe(TopicSpec<?> topic) {
    return TopicProbe.on(naming().deadLetterName(topic), new StringDeserializer(),
        serdes.forValues(DeadLetter.class).deserializer());
  }

  /** A site, a professional and a patient to book appointments for. */
  public record People(long siteId, long professionalId, long patientId) {
  }

  public static People addPeople(ReferenceHis his, int rutNumber) {
    long site = his.addSite(new NewSite("HCHM", "Centro de Especialidades " + rutNumber, "Av. Argentina 12",
        "Chillán"));
    long professional = his.addProfessional(new NewProfessional(Rut.of(rutNumber + 1), "Dra.", "Juanita", "Pérez",
        "Mellado", "Medicina Interna"));
    long patient = his.addPatient(new NewPatient(Rut.of(rutNumber), "Juan Dionisio", "Soto", "Cabrera",
        LocalDate.of(1958, 9, 18), "+56 9 6123 4567", "juan.soto@example.com"));
    return new People(site, professional, patient);
  }

  /** Books an appointment as a clerk would, straight into the HIS; returns its id. */
  public long insertAppointment(People people, LocalDateTime at) {
    try (Connection connection = dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO his.cita (paciente_id, profesional_id,"
            + " sede_id, especialidad, fecha_hora) VALUES (?, ?, ?, 'Medicina Interna', ?) RETURNING id")) {
      insert.setLong(1, people.patientId());
      insert.setLong(2, people.professionalId());
      insert.setLong(3, people.siteId());
      insert.setObject(4, at);
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
