package org.contactability.hisconnector.adapters.leadership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.contactability.embedded.PostgresDatabase;
import org.contactability.hisconnector.domain.leadership.Leadership.Observation;
import org.contactability.hisconnector.domain.leadership.Leadership.Role;
import org.contactability.hisconnector.support.CuttableLink;
import org.contactability.hisconnector.support.HisTestBed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The slot's lock on a real PostgreSQL: one holder at a time, freed when the holder's session ends. */
class AdvisoryLockTest {

  private final HisTestBed bed = HisTestBed.create(AdvisoryLockTest.class);
  private final PostgresDatabase database = bed.database();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"contactability_his", "hc_1", "hc_2", "hc_3", "hc_4"})
  void oneSessionHoldsTheLockOfASlotAndTheOthersAreToldSo(String slot) {
    AdvisoryLock first = lock(slot, database.host(), database.port());
    AdvisoryLock second = lock(slot, database.host(), database.port());

    assertThat(first.check(Role.STANDBY)).isEqualTo(Observation.ACQUIRED);
    assertThat(second.check(Role.STANDBY)).isEqualTo(Observation.HELD_ELSEWHERE);
    assertThat(first.check(Role.ACTIVE)).as("the holder confirms its lock").isEqualTo(Observation.CONFIRMED);
    assertThat(second.check(Role.ACTIVE)).as("the other does not hold it").isEqualTo(Observation.NOT_HELD);
    assertThat(lock("another_" + slot, database.host(), database.port()).check(Role.STANDBY))
        .as("another slot's lock is another lock").isEqualTo(Observation.ACQUIRED);

    first.close();
    assertThat(second.check(Role.STANDBY)).as("a closed holder hands the lock over at once")
        .isEqualTo(Observation.ACQUIRED);
  }

  @Test
  void aHolderCutOffFromTheDatabaseSeesItsSessionFailAndTheLockGoesToAnother() {
    CuttableLink link = CuttableLink.to(database.host(), database.port());
    opened.add(link);
    AdvisoryLock holder = lock("cut_slot", link.host(), link.port());
    AdvisoryLock standby = lock("cut_slot", database.host(), database.port());
    assertThat(holder.check(Role.STANDBY)).isEqualTo(Observation.ACQUIRED);
    assertThat(standby.check(Role.STANDBY)).isEqualTo(Observation.HELD_ELSEWHERE);

    link.cut();

    assertThat(holder.check(Role.ACTIVE)).isEqualTo(Observation.SESSION_FAILED);
    assertThat(holder.check(Role.STANDBY)).as("no new session gets through").isEqualTo(Observation.SESSION_FAILED);
    await("the server ends the cut-off session and frees its lock").atMost(Duration.ofSeconds(10))
        .until(() -> standby.check(Role.STANDBY) == Observation.ACQUIRED);
  }

  private AdvisoryLock lock(String slot, String host, int port) {
    AdvisoryLock lock = new AdvisoryLock(
        new AdvisoryLock.Login(host, port, database.name(), database.user(), database.password()), slot,
        "his-connector test", Duration.ofSeconds(2), Duration.ofSeconds(10));
    opened.add(lock);
    return lock;
  }
}
