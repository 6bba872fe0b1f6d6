package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.contactability.platform.e2e.StoryData.phone;
import static org.contactability.platform.e2e.StoryData.suffix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.contactability.common.Rut;
import org.contactability.common.privacy.DataKeyRing;
import org.contactability.common.privacy.KafkaKeyLog;
import org.contactability.common.privacy.UnreadablePatientData;
import org.contactability.common.privacy.kms.LocalKeysetKeks;
import org.contactability.common.privacy.testing.TestCiphers;
import org.contactability.his.reference.NewAppointment;
import org.contactability.his.reference.NewPatient;
import org.contactability.his.reference.NewProfessional;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.TipoPrestacion;
import org.contactability.schemas.topics.TopicNaming;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Patient data at rest on the embedded platform (docs/privacy.md): after it served 200 patients, no topic segment (its
 * record batches decompressed), no Streams changelog and no RocksDB file under the data directory holds one of their
 * phones, names, e-mails or RUTs in clear; and a patient erased through the console cannot be read back from any of
 * them. The HIS database's own files are the hospital's record and are not searched.
 */
class PatientDataAtRestTest {

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final int PATIENTS = 200;
  /** A sealed value as the platform writes it: 'enc1:' key id ':' ciphertext (docs/privacy.md). */
  static final Pattern SEALED = Pattern.compile("enc1:([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]+)");

  static RunningPlatform platform;
  static ReferenceHis his;

  @BeforeAll
  static void start() {
    platform = RunningPlatform.get();
    his = platform.his;
  }

  @Test
  void after_200_patients_no_topic_changelog_or_store_file_holds_their_phones_names_e_mails_or_ruts_in_clear()
      throws Exception {
    inDaytime();
    long site = his.addSite(new NewSite("HLS", "CDT privado " + suffix(), "Av. Balmaceda 916", "La Serena"));
    String doctorSurname = "Quintanilla" + suffix();
    long doctor = his.addProfessional(new NewProfessional(null, "Dr.", "Esteban", doctorSurname, "Ruiz",
        "Oftalmología"));
    LocalDate day = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(30);
    Set<String> served = new HashSet<>();
    List<String> phones = new ArrayList<>();
    for (int i = 0; i < PATIENTS; i++) {
      String phone = phone();
      Rut rut = StoryData.rut(40_000_000);
      String email = i % 3 == 0 ? "privado" + suffix() + "." + i + "@example.org" : null;
      NewPatient patient = new NewPatient(rut, GIVEN[i % GIVEN.length], PATERNAL[i / GIVEN.length % PATERNAL.length],
          MATERNAL[i % MATERNAL.length], LocalDate.of(1950 + i % 50, 1 + i % 12, 1 + i % 28), phone, email);
      long id = platform.addPatient(patient);
      served.addAll(dataOf(patient));
      phones.add(phone);
      his.book(new NewAppointment(id, doctor, site, "Oftalmología", day.atTime(LocalTime.of(8, 0)).plusMinutes(
          3L * i), 20, TipoPrestacion.CONTROL, null));
    }
    for (String phone : phones) {
      platform.awaitMessage(phone, m -> RunningPlatform.template(m, "booking-notice"));
    }
    // an answer with a free text, a tap and an opt-out, so that patient.responses and the opt-out list hold some
    JsonNode notice = platform.awaitMessage(phones.get(0), m -> RunningPlatform.template(m, "booking-notice"));
    platform.sms(phones.get(1), "Hola, soy la hija de la paciente, ella no puede ir");
    platform.sms(phones.get(2), "BAJA");
    platform.awaitMessage(phones.get(2), m -> RunningPlatform.template(m, "opt-out-answer"));
    platform.awaitMessage(phones.get(1), m -> RunningPlatform.template(m, "help-answer")
        || RunningPlatform.template(m, "which-appointment-question"));
    assertThat(notice).isNotNull();

    DataDirectory files = DataDirectory.scan(platform.data);
    assertThat(files.kafkaRecords()).as("records read from the topic segments").isGreaterThan(PATIENTS);
    Set<String> wanted = new HashSet<>(served);
    wanted.addAll(platform.patientData());
    wanted.add(doctorSurname);
    Map<String, Integer> found = files.found(wanted);
    assertThat(found).as("the check finds clear text: the professional's name, which is not patient data")
        .containsKey(doctorSurname);
    found.remove(doctorSurname);
    assertThat(found).as("patient data in clear under " + platform.data + " (ours and the other stories')").isEmpty();
  }

  @Test
  void an_erased_patient_cannot_be_read_back_from_any_topic_or_store() throws Exception {
    inDaytime();
    long site = his.addSite(new NewSite("HLS", "CDT borrado " + suffix(), "Av. Balmaceda 916", "La Serena"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dra.", "Paula", "Serrano", "Vidal", "Dermatología"));
    String phone = phone();
    NewPatient patient = new NewPatient(StoryData.rut(49_000_000), "Rosalía", "Espinoza", "Cárdenas",
        LocalDate.of(1961, 3, 14), phone, "rosalia" + suffix() + "@example.org");
    long id = platform.addPatient(patient);
    LocalDateTime start = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(7).atTime(LocalTime.of(9, 30));
    long appointment = his.book(new NewAppointment(id, doctor, site, "Dermatología", start, 20,
        TipoPrestacion.CONTROL, null));
    platform.awaitMessage(phone, m -> RunningPlatform.template(m, "booking-notice"));
    platform.sms(phone, "Gracias, ahí estaré");

    TestCiphers.Attached before = cipher();
    Set<String> theirs;
    try (before) {
      theirs = await().atMost(RunningPlatform.PATIENCE).until(() -> sealedValuesOf(patient, before),
          values -> values.size() >= 5);
    }

    assertThat(platform.erase(id).statusCode()).isEqualTo(200);

    try (TestCiphers.Attached after = cipher()) {
      for (String value : theirs) {
        assertThatThrownBy(() -> after.cipher().reveal(value)).isInstanceOfSatisfying(UnreadablePatientData.class,
            e -> assertThat(e.erased()).isTrue());
      }
      Set<String> keyIds = new HashSet<>();
      theirs.forEach(v -> keyIds.add(v.split(":")[1]));
      his.cancelByHospital(appointment, "Agenda cerrada");
      platform.awaitTimeline(appointment, entry -> entry.path("summary").asText().contains("patient erased"));
      for (String value : DataDirectory.scan(platform.data).sealedValues()) {
        if (keyIds.contains(value.split(":")[1])) {
          assertThatThrownBy(() -> after.cipher().reveal(value)).isInstanceOf(UnreadablePatientData.class);
        }
      }
    }
    assertThat(platform.messagesTo(phone)).extracting(m -> m.path("template").asText())
        .doesNotContain("hospital-cancellation-notice");
  }

  /**
   * The services that seal or open patient data share the platform's one ring of keys, so the JVM holds each patient's
   * key once and an erasure through the console is known to every service when it returns; none reads privacy.keys
   * into a ring of its own.
   */
  @Test
  void the_services_that_seal_or_open_patient_data_share_one_key_ring() {
    Map<String, ConfigurableApplicationContext> services = platform.platform.applications();
    List<String> sealing = List.of("HisConnectorApplication", "NotifierApplication", "ResponseApplication",
        "ConsoleApplication");
    Set<DataKeyRing> rings = Collections.newSetFromMap(new IdentityHashMap<>());
    for (String name : sealing) {
      ConfigurableApplicationContext context = services.get(name);
      assertThat(context).as(name).isNotNull();
      rings.add(context.getBean(DataKeyRing.class));
      assertThat(context.getBeanNamesForType(KafkaKeyLog.class)).as(name + "'s own reader of privacy.keys").isEmpty();
    }
    assertThat(rings).hasSize(1);
    assertThat(rings.iterator().next().size()).as("keys in the shared ring").isPositive();
  }

  /** Notices wait out the night's quiet hours: the clock moves to 09:00 when it is night in Santiago. */
  private static void inDaytime() throws Exception {
    LocalDateTime now = LocalDateTime.ofInstant(platform.now(), SANTIAGO);
    if (now.toLocalTime().isBefore(LocalTime.of(8, 30)) || now.toLocalTime().isAfter(LocalTime.of(19, 30))) {
      LocalDateTime nine = now.toLocalDate().atTime(LocalTime.of(9, 0));
      platform.advanceClockTo((nine.isAfter(now) ? nine : nine.plusDays(1)).atZone(SANTIAGO).toInstant());
    }
  }

  /** The sealed values under the data directory that open to one of {@code patient}'s data. */
  private static Set<String> sealedValuesOf(NewPatient patient, TestCiphers.Attached keys) {
    Set<String> data = dataOf(patient);
    Set<String> theirs = new HashSet<>();
    for (String value : DataDirectory.scan(platform.data).sealedValues()) {
      try {
        String clear = keys.cipher().reveal(value);
        if (data.stream().anyMatch(clear::contains)) {
          theirs.add(value);
        }
      } catch (UnreadablePatientData e) {
        // another erased patient's value, or a key this reader has not seen yet
      }
    }
    return theirs;
  }

  private static TestCiphers.Attached cipher() {
    return TestCiphers.onBroker(platform.endpoints().kafkaBootstrap(), platform.endpoints().schemaRegistry(),
        TopicNaming.none(), LocalKeysetKeks.open(platform.data.resolve("keys").resolve("kek.json"), false));
  }

  /** What must never be found in clear: RUT in both writings, the names, the phone's national number, the e-mail. */
  private static Set<String> dataOf(NewPatient patient) {
    Set<String> data = new HashSet<>();
    data.add(patient.rut().normalized());
    data.add(patient.rut().dotted());
    data.add(patient.givenNames() + " " + patient.paternalSurname());
    data.add(patient.paternalSurname() + " " + patient.maternalSurname());
    data.add(patient.mobilePhone().substring(3));
    if (patient.email() != null) {
      data.add(patient.email());
    }
    return data;
  }

  /**
   * Every file under a platform's data directory but the HIS database's and the sandbox's journal (the sandbox stands
   * for the providers, Twilio and the mail server: it keeps what they would receive): each topic segment read batch
   * by batch (decompressed) into its records' keys, values and headers, whose Avro strings are their UTF-8 bytes as
   * they are; every other file (RocksDB tables and logs, checkpoints, the schema journal, the keys) as it lies on
   * disk, since the platform's RocksDB stores are not compressed. Kafka's offset and time indexes hold offsets only
   * and are skipped. Read anew on each question, one content at a time.
   */
  static final class DataDirectory {

    private final Path data;

    private DataDirectory(Path data) {
      this.data = data;
    }

    static DataDirectory scan(Path data) {
      return new DataDirectory(data);
    }

    /** Which of {@code texts} appear somewhere, with how many contents hold each. */
    Map<String, Integer> found(Set<String> texts) {
      Needles needles = new Needles(texts);
      Map<String, Integer> found = new TreeMap<>();
      forEachContent(content -> needles.in(content).forEach(text -> found.merge(text, 1, Integer::sum)));
      return found;
    }

    /** Every sealed value ('enc1:...') in the directory. */
    Set<String> sealedValues() {
      Set<String> values = new HashSet<>();
      forEachContent(content -> {
        Matcher sealed = SEALED.matcher(new String(content, StandardCharsets.ISO_8859_1));
        while (sealed.find()) {
          values.add(sealed.group());
        }
      });
      return values;
    }

    /** How many records the topic segments hold. */
    int kafkaRecords() {
      int[] records = {0};
      forEachSegmentRecord(record -> records[0]++);
      return records[0];
    }

    private void forEachContent(Consumer<byte[]> visitor) {
      forEachSegmentRecord(record -> {
        visitor.accept(bytes(record.key()));
        visitor.accept(bytes(record.value()));
        for (Header header : record.headers()) {
          visitor.accept(header.value() == null ? new byte[0] : header.value());
        }
      });
      forEachFile(file -> !isSegment(file) && !isIndex(file), file -> {
        try {
          visitor.accept(Files.readAllBytes(file));
        } catch (IOException e) {
          // a file the platform deleted meanwhile (a compacted table, a rolled log)
        }
      });
    }

    private void forEachSegmentRecord(Consumer<Record> visitor) {
      forEachFile(this::isSegment, file -> {
        try {
          // read-only; closeHandlers, since close() would trim the broker's live segment
          FileRecords segment = FileRecords.open(file.toFile(), false);
          try {
            for (RecordBatch batch : segment.batches()) {
              for (Record record : batch) {
                visitor.accept(record);
              }
            }
          } finally {
            segment.closeHandlers();
          }
        } catch (IOException e) {
          // a segment the broker deleted meanwhile (compaction, retention)
        }
      });
    }

    private void forEachFile(Predicate<Path> wanted, Consumer<Path> visitor) {
      try (Stream<Path> files = Files.walk(data)) {
        files.filter(Files::isRegularFile).filter(f -> !f.startsWith(data.resolve("postgres")))
            .filter(f -> !f.startsWith(data.resolve("sandbox"))).filter(wanted)
            .forEach(visitor);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private boolean isSegment(Path file) {
      return file.startsWith(data.resolve("kafka")) && file.getFileName().toString().endsWith(".log");
    }

    private boolean isIndex(Path file) {
      String name = file.getFileName().toString();
      return file.startsWith(data.resolve("kafka")) && (name.endsWith(".index") || name.endsWith(".timeindex"));
    }

    private static byte[] bytes(ByteBuffer buffer) {
      if (buffer == null) {
        return new byte[0];
      }
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    }
  }

  /** Many texts searched in one pass over a content: candidates by their first four bytes, then compared whole. */
  static final class Needles {

    private final Map<Integer, List<byte[]>> byPrefix = new HashMap<>();
    private final Map<byte[], String> texts = new IdentityHashMap<>();

    Needles(Set<String> wanted) {
      for (String text : wanted) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 4) {
          throw new IllegalArgumentException("too short to search for: " + text.length() + " characters");
        }
        byPrefix.computeIfAbsent(prefix(bytes, 0), p -> new ArrayList<>()).add(bytes);
        texts.put(bytes, text);
      }
    }

    Set<String> in(byte[] content) {
      Set<String> found = new HashSet<>();
      for (int i = 0; i + 4 <= content.length; i++) {
        List<byte[]> candidates = byPrefix.get(prefix(content, i));
        if (candidates != null) {
          for (byte[] candidate : candidates) {
            if (Arrays.equals(content, i, Math.min(content.length, i + candidate.length), candidate, 0,
                candidate.length)) {
              found.add(texts.get(candidate));
            }
          }
        }
      }
      return found;
    }

    private static int prefix(byte[] bytes, int at) {
      return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
          | bytes[at + 3] & 0xff;
    }
  }

  private static final String[] GIVEN = {"María José", "Juan Carlos", "Ana Luisa", "Pedro Pablo", "Carmen Gloria",
      "José Miguel", "Rosa Elena", "Luis Alberto", "Patricia Andrea", "Jorge Andrés"};
  private static final String[] PATERNAL = {"Valenzuela", "Contreras", "Sepúlveda", "Morales", "Rodríguez",
      "Fuentealba", "Muñoz", "Henríquez", "Carrasco", "Orellana", "Navarrete", "Riquelme", "Alarcón", "Bustamante",
      "Cifuentes", "Gallardo", "Jara", "Leiva", "Pizarro", "Saavedra"};
  private static final String[] MATERNAL = {"Aravena", "Bravo", "Castillo", "Droguett", "Escobar", "Figueroa",
      "Garrido", "Ibarra", "Lagos", "Medina", "Novoa"};
}
