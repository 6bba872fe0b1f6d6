package org.contactability.scheduler.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.AppointmentType;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.scheduler.domain.AfterConfirmation;
import org.contactability.scheduler.domain.AppointmentFacts;
import org.contactability.scheduler.domain.ContactPlan;
import org.contactability.scheduler.domain.ContactPlanner;
import org.contactability.scheduler.domain.DeliveryReport;
import org.contactability.scheduler.domain.ItemKind;
import org.contactability.scheduler.domain.ItemState;
import org.contactability.scheduler.domain.PatientDecision;
import org.contactability.scheduler.domain.PlanItem;
import org.contactability.scheduler.domain.Profiles;
import org.contactability.scheduler.domain.SendCondition;
import org.contactability.scheduler.domain.SkipReason;
import org.junit.jupiter.api.Test;

class PlanSerdeTest {

  private final ContactPlanner planner = new ContactPlanner(Profiles.catalog());
  private final PlanSerde serde = new PlanSerde();

  private List<ContactPlan> plansInEveryState() {
    LocalDateTime start = LocalDateTime.of(2026, 5, 11, 10, 0);
    Instant booked = Instant.parse("2026-05-01T12:00:00.123456789Z");
    List<ContactPlan> plans = new ArrayList<>();
    for (String policy : List.of("chillan-cae", "la-serena-cdt")) {
      AppointmentFacts facts = Profiles.appointment(policy, start, booked);
      ContactPlan plan = planner.onView(null, facts, booked).plan();
      plans.add(plan);
      Instant reminder = facts.startsAt().minus(Duration.ofHours(policy.startsWith("chillan") ? 96 : 15));
      plan = planner.onDue(plan, reminder).plan();
      plans.add(plan);
      plan = planner.onDelivery(plan, new DeliveryReport("A1:reminder:1:WHATSAPP", DeliveryStatus.FAILED, true,
          reminder), reminder).plan();
      plans.add(plan);
      plans.add(planner.onPatientDecision(plan, new PatientDecision(DecisionType.CONFIRMED, facts.startsAt(),
          reminder), reminder).plan());
      plans.add(planner.onView(plan, Profiles.movedTo(Profiles.withContact(facts, null, null), start.plusDays(3)),
          reminder).plan());
    }
    return plans;
  }

  @Test
  void every_plan_reads_back_equal_to_what_was_written() {
    for (ContactPlan plan : plansInEveryState()) {
      byte[] bytes = serde.serializer().serialize("plans", plan);

      assertThat(serde.deserializer().deserialize("plans", bytes)).isEqualTo(plan);
    }
  }

  @Test
  void a_plan_stored_in_format_1_reads_back_without_commune_and_landline() throws Exception {
    // Written by format 1's PlanSerde (commit 662f8cb): a La Serena plan, its notice sent, its reminder pending.
    assertThat(serde.deserializer().deserialize("plans", stored("v1-la-serena.hex")))
        .isEqualTo(storedLaSerenaPlan(null));
  }

  @Test
  void a_plan_stored_in_format_2_reads_back_with_its_commune_and_without_a_landline() throws Exception {
    // Written by format 2's PlanSerde (commit 71ea09a): the same plan, its site's commune included.
    assertThat(serde.deserializer().deserialize("plans", stored("v2-la-serena.hex")))
        .isEqualTo(storedLaSerenaPlan("La Serena"));
  }

  private byte[] stored(String name) throws Exception {
    return HexFormat.of().parseHex(new String(getClass().getResourceAsStream("/plan-formats/" + name)
        .readAllBytes(), StandardCharsets.US_ASCII).strip());
  }

  /** The plan of the stored formats' fixtures, as this version reads it. */
  private static ContactPlan storedLaSerenaPlan(String commune) {
    ZoneId zone = ZoneId.of("America/Santiago");
    LocalDateTime local = LocalDateTime.of(2026, 5, 11, 10, 0);
    Instant start = local.atZone(zone).toInstant();
    Instant booked = Instant.parse("2026-05-01T12:00:00Z");
    AppointmentFacts facts = new AppointmentFacts("A1", "HLS", "Hospital de La Serena", "+56 51 000 0000", zone,
        "S1", "Centro de Diagnóstico Terapéutico", "Av. Balmaceda 916", commune, "Juan", "Juan Soto", "+56961234567",
        "juan@example.com", null, "Dra.", "Juanita Pérez Mellado", "Medicina Interna", AppointmentType.CONTROL,
        AppointmentStatus.BOOKED, start, local, booked, "la-serena-cdt", booked);
    PlanItem sent = new PlanItem("booking-notice", ItemKind.STEP, ContactPurpose.BOOKING_NOTICE, "booking-notice",
        true, SendCondition.ALWAYS, AfterConfirmation.DROP, Channel.WHATSAPP, List.of(), false, booked,
        start.minus(Duration.ofHours(4)), booked, ItemState.SENT, DeliveryStatus.DELIVERED, false, false, null, null);
    PlanItem pending = new PlanItem("reminder", ItemKind.STEP, ContactPurpose.REMINDER, "reminder", true,
        SendCondition.ALWAYS, AfterConfirmation.KEEP, Channel.WHATSAPP, List.of(Channel.SMS, Channel.VOICE), false,
        start.minus(Duration.ofHours(15)), start.minus(Duration.ofHours(4)), null, ItemState.PENDING, null, false, false,
        null, null);
    return new ContactPlan(facts, 1, true, null, List.of(sent, pending), start.plus(Duration.ofDays(30)), null);
  }

  @Test
  void every_delivery_status_a_step_can_hold_reads_back() {
    ContactPlan plan = plansInEveryState().get(0);
    for (DeliveryStatus status : DeliveryStatus.values()) {
      List<PlanItem> items = new ArrayList<>(plan.items());
      items.set(0, items.get(0).skipped(SkipReason.NO_CONTACTABLE_CHANNEL, "no usable channel")
          .withDelivery(status, false));
      ContactPlan withStatus = new ContactPlan(plan.appointment(), plan.version(), plan.reached(),
          plan.patientDecision(), items, plan.retainUntil(), plan.previousStartsAtLocal());

      assertThat(serde.deserializer().deserialize("plans", serde.serializer().serialize("plans", withStatus)))
          .as("%s", status).isEqualTo(withStatus);
    }
  }

  @Test
  void every_skip_reason_reads_back() {
    ContactPlan plan = plansInEveryState().get(0);
    for (SkipReason reason : SkipReason.values()) {
      List<PlanItem> items = new ArrayList<>(plan.items());
      items.set(0, items.get(0).skipped(reason, "why"));
      ContactPlan skipped = new ContactPlan(plan.appointment(), plan.version(), plan.reached(),
          plan.patientDecision(), items, plan.retainUntil(), plan.previousStartsAtLocal());

      ContactPlan read = serde.deserializer().deserialize("plans", serde.serializer().serialize("plans", skipped));

      assertThat(read).as("%s", reason).isEqualTo(skipped);
      assertThat(read.items().get(0).skip()).isEqualTo(reason);
    }
  }

  @Test
  void a_landline_and_the_commune_are_kept() {
    AppointmentFacts facts = Profiles.withContact(Profiles.appointment("la-serena-cdt", LocalDateTime.of(2026, 5, 11,
        10, 0), Instant.parse("2026-05-01T12:00:00Z")), null, null, "+56512221234");
    ContactPlan plan = planner.onView(null, facts, Instant.parse("2026-05-01T12:00:00Z")).plan();

    ContactPlan read = serde.deserializer().deserialize("plans", serde.serializer().serialize("plans", plan));

    assertThat(read.appointment().landline()).isEqualTo("+56512221234");
    assertThat(read.appointment().siteCommune()).isEqualTo("Chillán");
    assertThat(read).isEqualTo(plan);
  }

  @Test
  void an_unknown_format_version_is_refused_with_a_clear_reason() {
    byte[] bytes = serde.serializer().serialize("plans", plansInEveryState().get(0));
    bytes[0] = 9;

    assertThatThrownBy(() -> serde.deserializer().deserialize("plans", bytes))
        .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
  }
}
