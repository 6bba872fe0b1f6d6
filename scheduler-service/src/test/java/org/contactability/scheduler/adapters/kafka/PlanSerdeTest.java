package org.contactability.scheduler.adapters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.errors.SerializationException;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.scheduler.domain.AppointmentFacts;
import org.contactability.scheduler.domain.ContactPlan;
import org.contactability.scheduler.domain.ContactPlanner;
import org.contactability.scheduler.domain.DeliveryReport;
import org.contactability.scheduler.domain.PatientDecision;
import org.contactability.scheduler.domain.Profiles;
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
  void a_plan_written_before_sites_had_a_commune_reads_back_without_one() {
    ContactPlan plan = plansInEveryState().get(1);
    assertThat(plan.appointment().siteCommune()).isEqualTo("Chillán");

    ContactPlan read = serde.deserializer().deserialize("plans", asVersion1(serde.serializer().serialize("plans", plan)));

    assertThat(read.appointment().siteCommune()).isNull();
    assertThat(read.appointment().siteAddress()).isEqualTo(plan.appointment().siteAddress());
    assertThat(read.items()).isEqualTo(plan.items());
  }

  /** The same plan as format V1 wrote it: the commune (the 9th string of the appointment) left out. */
  private static byte[] asVersion1(byte[] v2) {
    ByteBuffer in = ByteBuffer.wrap(v2);
    in.get();
    for (int i = 0; i < 8; i++) {
      int length = in.getInt();
      in.position(in.position() + Math.max(length, 0));
    }
    int communeStart = in.position();
    int communeLength = in.getInt();
    int communeEnd = in.position() + Math.max(communeLength, 0);
    ByteBuffer v1 = ByteBuffer.allocate(v2.length - (communeEnd - communeStart));
    v1.put((byte) 1).put(v2, 1, communeStart - 1).put(v2, communeEnd, v2.length - communeEnd);
    return v1.array();
  }

  @Test
  void an_unknown_format_version_is_refused_with_a_clear_reason() {
    byte[] bytes = serde.serializer().serialize("plans", plansInEveryState().get(0));
    bytes[0] = 9;

    assertThatThrownBy(() -> serde.deserializer().deserialize("plans", bytes))
        .isInstanceOf(SerializationException.class).hasMessageContaining("version 9");
  }
}
