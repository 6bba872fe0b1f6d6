package org.contactability.hisconnector.domain.leadership;

import static org.assertj.core.api.Assertions.assertThat;

import org.contactability.hisconnector.domain.leadership.Leadership.Action;
import org.contactability.hisconnector.domain.leadership.Leadership.Observation;
import org.contactability.hisconnector.domain.leadership.Leadership.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeadershipTest {

  @ParameterizedTest(name = "{0} that sees {1} becomes {2} and does {3}")
  @CsvSource({
      "STANDBY, ACQUIRED,       ACTIVE,  START_CAPTURE",
      "STANDBY, CONFIRMED,      ACTIVE,  START_CAPTURE",
      "STANDBY, HELD_ELSEWHERE, STANDBY, NONE",
      "STANDBY, NOT_HELD,       STANDBY, NONE",
      "STANDBY, SESSION_FAILED, STANDBY, NONE",
      "ACTIVE,  CONFIRMED,      ACTIVE,  NONE",
      "ACTIVE,  ACQUIRED,       ACTIVE,  NONE",
      "ACTIVE,  NOT_HELD,       STANDBY, STOP_CAPTURE",
      "ACTIVE,  HELD_ELSEWHERE, STANDBY, STOP_CAPTURE",
      "ACTIVE,  SESSION_FAILED, STANDBY, STOP_CAPTURE"})
  void onlyAnInstanceWhoseSessionHoldsTheLockCaptures(Role current, Observation seen, Role next, Action action) {
    Leadership.Decision decision = Leadership.next(current, seen);

    assertThat(decision.role()).isEqualTo(next);
    assertThat(decision.action()).isEqualTo(action);
    assertThat(decision.reason()).isNotBlank();
  }
}
