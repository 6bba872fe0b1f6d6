package org.contactability.platform;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

import org.contactability.common.PhoneNumber;
import org.contactability.console.adapters.kafka.ConsumerLagMonitor;
import org.contactability.console.adapters.web.PhoneController;
import org.contactability.console.application.ConsumerLag;
import org.contactability.console.application.ReadModel;
import org.contactability.his.reference.AppointmentRecord;
import org.contactability.his.reference.EstadoCita;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.notifier.adapters.sandbox.SandboxFaults;
import org.contactability.notifier.adapters.sandbox.SandboxInbox;
import org.contactability.notifier.adapters.sandbox.SandboxMessage;
import org.contactability.notifier.application.Button;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Lives the demo's past weeks through the running platform, with its clock started in the past: the clerks book
 * {@code his.cita} rows at their time, the platform captures, plans and sends as it always does, the patients answer
 * the WhatsApp messages on their phones through the patient-phone page's door (a signed webhook to response-service),
 * and the clerks mark each past appointment {@code ATENDIDA} or {@code NO_SE_PRESENTA} in the HIS, at rates that
 * depend on what the patient lived ({@link HistoryPlan.Group}). Nothing is written anywhere but the HIS and the
 * webhook: the outcomes view computes the history from the events like any other. The clock moves forward in steps
 * ({@link HistoryPlan#STEPS}) and ends at the base clock's now.
 */
final class DemoHistory {

  private static final Logger log = LoggerFactory.getLogger(DemoHistory.class);
  /** The scheduler sends what became due at its next tick (500 ms); capture takes about as long. */
  private static final Duration FIRST_LOOK = Duration.ofMillis(700);
  private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(250);
  /** The first bookings wait for the services' start (Kafka Streams' first rebalance, capture's snapshot). */
  private static final Duration PLANNED_AT_MOST = Duration.ofSeconds(120);
  /** The kind of the console's timeline line for the scheduler's view of an appointment. */
  private static final String VIEW = "VISTA";

  /** What the history did, in counts (no patient data). */
  record Summary(int weeks, int booked, int confirmed, int cancelled, int attended, int noShows, Duration took) {
  }

  private final ClockStore clock;
  private final ZoneId zone;
  private final DataSource his;
  private final ReferenceHis clerks;
  private final SandboxInbox phones;
  private final SandboxFaults provider;
  private final PhoneController phonePage;
  private final ConsumerLagMonitor lag;
  private final ReadModel readModel;

  private DemoHistory(ClockStore clock, ZoneId zone, DataSource his, SandboxInbox phones, SandboxFaults provider,
      PhoneController phonePage, ConsumerLagMonitor lag, ReadModel readModel) {
    this.clock = clock;
    this.zone = zone;
    this.his = his;
    this.clerks = new ReferenceHis(his, clock.clock());
    this.phones = phones;
    this.provider = provider;
    this.phonePage = phonePage;
    this.lag = lag;
    this.readModel = readModel;
  }

  /** The clock's offset that starts the history: 08:00, {@code weeks} weeks before today in {@code zone}. */
  static Duration startOffset(Clock now, ZoneId zone, int weeks) {
    Instant real = now.instant();
    return Duration.between(real, HistoryPlan.start(LocalDate.ofInstant(real, zone), weeks).atZone(zone).toInstant());
  }

  /**
   * Runs the history on the started platform and leaves the clock at the base clock's now.
   *
   * @param storyPatients patients the history leaves alone, so that the demo's story reads as documented
   * @param noCancelIn    {@code <hospital>/<specialty>} of the story's waiting list, whose slots no history patient frees
   */
  static Summary run(ClockStore clock, ZoneId zone, DataSource his, Map<String, ConfigurableApplicationContext> apps,
      int weeks, int perWeekday, long seed, Set<Long> storyPatients, String noCancelIn) {
    ConfigurableApplicationContext notifier = apps.get("NotifierApplication");
    ConfigurableApplicationContext console = apps.get("ConsoleApplication");
    return new DemoHistory(clock, zone, his, notifier.getBean(SandboxInbox.class), notifier.getBean(SandboxFaults.class),
        console.getBean(PhoneController.class), console.getBean(ConsumerLagMonitor.class), console.getBean(ReadModel.class))
        .live(weeks, perWeekday, seed, storyPatients, noCancelIn);
  }

  private Summary live(int weeks, int perWeekday, long seed, Set<Long> storyPatients, String noCancelIn) {
    long began = System.nanoTime();
    Instant end = clock.clock().instant().minus(clock.clock().offset());
    LocalDate today = LocalDate.ofInstant(end, zone);
    Map<Long, String> patientPhones = patientPhones(storyPatients);
    HistoryPlan.Plan plan = HistoryPlan.plan(today, weeks, perWeekday, seed, professionals(),
        List.copyOf(patientPhones.keySet()), noCancelIn);
    // A phone that never takes a message: the sandbox receives it and never reports it sent or delivered.
    List<String> faults = new ArrayList<>();
    for (long patient : plan.switchedOff()) {
      Optional.ofNullable(patientPhones.get(patient)).ifPresent(phone -> faults.add(provider.add(new SandboxFaults.Fault(
          null, SandboxFaults.Kind.DROP_REPORTS, null, phone, 1.0, null, null)).id()));
    }
    log.info("Demo history: {} weeks, {} appointments to book, {} of {} patients unreachable", weeks,
        plan.bookings().size(), plan.switchedOff().size(), patientPhones.size());
    Lived lived = new Lived(plan, patientPhones);
    try {
      for (LocalDate day = plan.start().toLocalDate(); !day.isAfter(today); day = day.plusDays(1)) {
        for (LocalTime time : HistoryPlan.STEPS) {
          Instant at = day.atTime(time).atZone(zone).toInstant();
          if (!at.isBefore(end)) {
            break;
          }
          moveTo(at);
          awaitPlanned(lived.book(day.atTime(time)));
          settle();
          if (lived.answer(day.atTime(time), at) > 0) {
            // Decided on the clock of this step, before it moves on (an answer may be close to its deadline).
            settle();
          }
          if (time.equals(HistoryPlan.CLERKS_MARK) && day.isBefore(today)) {
            lived.markAttendance(day);
          }
        }
      }
    } finally {
      faults.forEach(provider::remove);
    }
    Duration rest = clock.clock().offset().negated();
    if (!rest.isNegative()) {
      clock.advance(rest);
    }
    settle();
    Summary summary = new Summary(weeks, lived.booked.size(), lived.confirmed, lived.cancelled, lived.attended,
        lived.noShows, Duration.ofNanos(System.nanoTime() - began));
    log.info("Demo history done: {}; no-shows by group as the clerks saw it: {}", summary, lived.marking);
    return summary;
  }

  /** What the history has done so far: the rows booked, the answers given, the attendance marked. */
  private final class Lived {

    private final HistoryPlan.Plan plan;
    private final Map<Long, String> patientPhones;
    private final Map<Long, HistoryPlan.Booking> booked = new LinkedHashMap<>();
    private final Set<Long> answered = new HashSet<>();
    private final HistoryPlan.Clerks marking = new HistoryPlan.Clerks();
    private int next;
    private int confirmed;
    private int cancelled;
    private int attended;
    private int noShows;

    Lived(HistoryPlan.Plan plan, Map<Long, String> patientPhones) {
      this.plan = plan;
      this.patientPhones = patientPhones;
    }

    /** Books what the clerks book up to this step; the new appointments' ids. */
    List<Long> book(LocalDateTime step) {
      List<Long> now = new ArrayList<>();
      while (next < plan.bookings().size() && !plan.bookings().get(next).bookedAt().isAfter(step)) {
        HistoryPlan.Booking booking = plan.bookings().get(next++);
        long appointment = clerks.book(booking.appointment());
        booked.put(appointment, booking);
        now.add(appointment);
      }
      return now;
    }

    /** Each patient who means to answer and has a message offering it answers now; how many did. */
    int answer(LocalDateTime step, Instant at) {
      int before = answered.size();
      for (Map.Entry<Long, HistoryPlan.Booking> entry : booked.entrySet()) {
        HistoryPlan.Booking booking = entry.getValue();
        long patient = booking.appointment().patientId();
        String phone = patientPhones.get(patient);
        if (booking.answer() == HistoryPlan.Answer.NONE || answered.contains(entry.getKey()) || phone == null
            || plan.switchedOff().contains(patient) || !booking.appointment().startsAt().isAfter(step)) {
          continue;
        }
        if (tap(phone, entry.getKey(), booking.answer(), at)) {
          answered.add(entry.getKey());
          if (booking.answer() == HistoryPlan.Answer.CONFIRM) {
            confirmed++;
          } else {
            cancelled++;
          }
        }
      }
      return answered.size() - before;
    }

    /** The clerks mark every appointment of the day still booked or confirmed. */
    void markAttendance(LocalDate day) {
      for (long appointment : liveAppointmentsOf(day)) {
        if (marking.noShow(group(appointment, patientPhones, plan.switchedOff()))) {
          clerks.markNoShow(appointment);
          noShows++;
        } else {
          clerks.markAttended(appointment);
          attended++;
        }
      }
    }
  }

  private void moveTo(Instant at) {
    Duration by = Duration.between(clock.clock().instant(), at);
    if (!by.isNegative()) {
      clock.advance(by);
    }
  }

  /** Taps the patient's answer on the newest WhatsApp message about the appointment that offers it, if one came. */
  private boolean tap(String phone, long appointment, HistoryPlan.Answer answer, Instant now) {
    String payload = answer.name();
    String prefix = appointment + ":";
    Optional<SandboxMessage> message = phones.of(phone).stream()
        .filter(m -> m.requestId().startsWith(prefix) && "whatsapp".equals(m.channel())
            && m.receivedAt().isBefore(now) && m.buttons().stream().anyMatch(b -> b.payload().equals(payload)))
        .reduce((first, second) -> second);
    if (message.isEmpty()) {
      return false;
    }
    Button button = message.get().buttons().stream().filter(b -> b.payload().equals(payload)).findFirst().orElseThrow();
    var reply = phonePage.reply(new PhoneController.Reply(phone, "whatsapp", null, button.payload(), button.title(),
        message.get().providerMessageId())).block(Duration.ofSeconds(30));
    return reply != null && reply.getStatusCode().is2xxSuccessful();
  }

  /** What the patient lived before the appointment, as the clerk's rate depends on it. */
  private HistoryPlan.Group group(long appointment, Map<Long, String> patientPhones, Set<Long> switchedOff) {
    AppointmentRecord row = clerks.findAppointment(appointment).orElseThrow();
    if (row.status() == EstadoCita.CONFIRMADA) {
      return HistoryPlan.Group.CONFIRMED;
    }
    long patient = row.patientId();
    String phone = patientPhones.get(patient);
    boolean reached = phone != null && !switchedOff.contains(patient)
        && phones.of(phone).stream().anyMatch(m -> m.requestId().startsWith(appointment + ":"));
    return reached ? HistoryPlan.Group.REACHED_NO_ANSWER : HistoryPlan.Group.NEVER_REACHED;
  }

  /**
   * Waits until the scheduler has planned each new booking (its view is on the console's timeline), before the clock
   * moves on: a booking captured late would find its steps missed. The first ones also wait for the services to be up.
   */
  private void awaitPlanned(List<Long> appointments) {
    long deadline = System.nanoTime() + PLANNED_AT_MOST.toNanos();
    for (long appointment : appointments) {
      while (readModel.timeline(Long.toString(appointment)).stream()
          .noneMatch(t -> t.entries().stream().anyMatch(e -> VIEW.equals(e.kind())))) {
        if (System.nanoTime() > deadline) {
          log.warn("Demo history: appointment {} not planned within {}; going on", appointment, PLANNED_AT_MOST);
          return;
        }
        sleep(POLL);
      }
    }
  }

  /**
   * Waits until the platform has done what the last step set off: past the scheduler's next tick, and every
   * consumer group caught up. A step that does not settle in time is left to the next one (its messages go late).
   */
  private void settle() {
    sleep(FIRST_LOOK);
    long deadline = System.nanoTime() + SETTLE_AT_MOST.toNanos();
    while (System.nanoTime() < deadline) {
      ConsumerLag now = lag.refresh();
      if (now.error() == null && now.groups().stream().allMatch(g -> g.lag() == 0)) {
        return;
      }
      sleep(POLL);
    }
    log.warn("Demo history: the platform did not catch up within {}; going on", SETTLE_AT_MOST);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the demo history was being filled", e);
    }
  }

  /** Every patient with a mobile number the sandbox can hold, by id, in E.164; the story's patients left out. */
  private Map<Long, String> patientPhones(Set<Long> storyPatients) {
    Map<Long, String> phonesById = new LinkedHashMap<>();
    query("SELECT id, telefono_movil FROM his.paciente ORDER BY id", rows -> {
      long id = rows.getLong(1);
      if (!storyPatients.contains(id)) {
        phonesById.put(id, PhoneNumber.tryParse(rows.getString(2), PhoneNumber.DEFAULT_REGION)
            .map(PhoneNumber::e164).orElse(null));
      }
    });
    return phonesById;
  }

  /** The professionals as the demo's own appointments place them: site, hospital and specialty. */
  private List<HistoryPlan.Professional> professionals() {
    List<HistoryPlan.Professional> professionals = new ArrayList<>();
    query("SELECT DISTINCT c.profesional_id, c.sede_id, s.codigo_establecimiento, c.especialidad FROM his.cita c"
        + " JOIN his.sede s ON s.id = c.sede_id ORDER BY 1, 2, 4", rows -> professionals.add(
            new HistoryPlan.Professional(rows.getLong(1), rows.getLong(2), rows.getString(3), rows.getString(4))));
    return professionals;
  }

  /** The day's appointments still booked or confirmed: the clerks mark each. */
  private List<Long> liveAppointmentsOf(LocalDate day) {
    List<Long> ids = new ArrayList<>();
    query("SELECT id FROM his.cita WHERE fecha_hora >= ? AND fecha_hora < ? AND estado IN ('AGENDADA', 'CONFIRMADA')"
        + " ORDER BY fecha_hora, id", rows -> ids.add(rows.getLong(1)), day.atStartOfDay(), day.plusDays(1).atStartOfDay());
    return ids;
  }

  private interface Row {
    void read(ResultSet rows) throws SQLException;
  }

  private void query(String sql, Row row, Object... parameters) {
    try (Connection connection = his.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          row.read(rows);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the HIS for the demo history: " + e.getMessage(), e);
    }
  }
}
