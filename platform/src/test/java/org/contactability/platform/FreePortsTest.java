package org.contactability.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void ports_are_drawn_below_the_ephemeral_range_free_and_never_twice() throws Exception {
    int ephemeralStart = FreePorts.ephemeralStart();
    assertThat(ephemeralStart).isGreaterThan(FreePorts.LOWEST);
    Set<Integer> picked = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = FreePorts.pick();
      assertThat(port).isGreaterThanOrEqualTo(FreePorts.LOWEST).isLessThan(ephemeralStart);
      assertThat(picked.add(port)).as("port %d given twice", port).isTrue();
    }
    int port = FreePorts.pick();
    try (ServerSocket server = new ServerSocket(port)) {
      assertThat(server.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void a_port_a_server_holds_is_passed_over_and_not_tried_again() throws Exception {
    try (ServerSocket held = new ServerSocket(0)) {
      int taken = held.getLocalPort();
      int free;
      try (ServerSocket probe = new ServerSocket(0)) {
        free = probe.getLocalPort();
      }
      Iterator<Integer> candidates = List.of(taken, free, taken).iterator();
      assertThat(FreePorts.pick(candidates::next, 65_536)).isEqualTo(free);
      // Given once: the next candidates are the taken port again, then nothing new.
      Iterator<Integer> again = List.of(free, taken).iterator();
      assertThatThrownBy(() -> FreePorts.pick(() -> again.hasNext() ? again.next() : taken, 65_536))
          .hasMessageContaining("no free port");
    }
  }
}
