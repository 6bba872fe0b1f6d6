package org.contactability.console.adapters.web;

import org.contactability.console.adapters.kafka.ConsumerLagMonitor;
import org.contactability.console.application.ConsumerLag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/lag}: consumer lag per group on the catalogue's topics, as last read (every few seconds). */
@RestController
public class LagController {

  private final ConsumerLagMonitor monitor;

  public LagController(ConsumerLagMonitor monitor) {
    this.monitor = monitor;
  }

  @GetMapping("/api/lag")
  public ConsumerLag lag() {
    return monitor.latest();
  }
}
