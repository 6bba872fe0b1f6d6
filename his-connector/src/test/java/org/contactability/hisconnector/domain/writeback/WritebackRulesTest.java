package org.contactability.hisconnector.domain.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Optional;

import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.WaitlistStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WritebackRulesTest {

  private static final LocalDateTime TEN = LocalDateTime.of(2025, 5, 6, 10, 0);

  @ParameterizedTest(name = "{1} when {0}, moved={2}: {3}")
  @CsvSource({
      "BOOKED,                CONFIRMED,            false, Apply",
      "CONFIRMED,             CONFIRMED,            false, AlreadyThere",
      "CANCELLED_BY_PATIENT,  CONFIRMED,            false, Refuse",
      "CANCELLED_BY_HOSPITAL, CONFIRMED,            false, Refuse",
      "ATTENDED,              CONFIRMED,            false, Refuse",
      "NO_SHOW,               CANCELLED_BY_PATIENT, false, Refuse",
      "BOOKED,                CANCELLED_BY_PATIENT, false, Apply",
      "CONFIRMED,             CANCELLED_BY_PATIENT, false, Apply",
      "CANCELLED_BY_PATIENT,  CANCELLED_BY_PATIENT, false, AlreadyThere",
      "CANCELLED_BY_HOSPITAL, CANCELLED_BY_PATIENT, false, Refuse",
      "BOOKED,                CONFIRMED,            true,  Refuse",
      "CONFIRMED,             CANCELLED_BY_PATIENT, true,  Refuse",
      "BOOKED,                ATTENDED,             false, Refuse"})
  void aPatientAnswerIsWrittenOnlyWhereTheHisStillAllowsIt(AppointmentStatus current, AppointmentStatus target,
      boolean moved, String verdict) {
    CurrentAppointment appointment = new CurrentAppointment("7", "X", current, moved ? TEN.plusDays(1) : TEN);

    assertThat(WritebackRules.setStatus("7", Optional.of(appointment), target, TEN).getClass().getSimpleName())
        .isEqualTo(verdict);
  }

  @ParameterizedTest
  @CsvSource({"CONFIRMED", "CANCELLED_BY_PATIENT"})
  void aMissingOrUnmappedAppointmentIsRefusedWithAReasonAnOperatorCanActOn(AppointmentStatus target) {
    assertThat(WritebackRules.setStatus("7", Optional.empty(), target, null))
        .isEqualTo(new Verdict.Refuse("appointment 7 no longer exists in the HIS"));
    assertThat(WritebackRules.setStatus("7", Optional.of(new CurrentAppointment("7", "SUSPENDIDA", null, TEN)),
        target, null)).isInstanceOfSatisfying(Verdict.Refuse.class,
            refuse -> assertThat(refuse.reason()).contains("'SUSPENDIDA'", "appointments.status-values"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"WAITING, Apply", "SCHEDULED, Refuse", "WITHDRAWN, Refuse", "UNKNOWN, Refuse"})
  void onlyAWaitingEntryCanBeBookedOrWithdrawn(WaitlistStatus status, String verdict) {
    CurrentWaitlistEntry entry = new CurrentWaitlistEntry("5", "11", "X", status);

    assertThat(WritebackRules.book("5", Optional.of(entry), "11").getClass().getSimpleName()).isEqualTo(verdict);
    assertThat(WritebackRules.withdraw("5", Optional.of(entry)).getClass().getSimpleName()).isEqualTo(verdict);
  }

  @Test
  void anEntryOfAnotherPatientOrAMissingEntryIsNotBooked() {
    CurrentWaitlistEntry entry = new CurrentWaitlistEntry("5", "11", "EN_ESPERA", WaitlistStatus.WAITING);

    assertThat(WritebackRules.book("5", Optional.of(entry), "12")).isInstanceOf(Verdict.Refuse.class);
    assertThat(WritebackRules.book("5", Optional.empty(), "11")).isInstanceOf(Verdict.Refuse.class);
  }
}
