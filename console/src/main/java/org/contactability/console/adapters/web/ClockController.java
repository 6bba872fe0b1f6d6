package org.contactability.console.adapters.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.contactability.console.application.ClockControl;
import org.contactability.console.application.ReadModel;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's clock, which only the embedded platform has (it registers its {@link ClockControl}
 * before the console's context starts; a standalone console has neither the bean nor these
 * endpoints): read it, or move it forward so that reminders due in three days go out now
 * ({@code POST /api/clock/advance?by=PT72H}).
 */
@RestController
@ConditionalOnBean(ClockControl.class)
public class ClockController {

  private static final Duration MAX_STEP = Duration.ofDays(60);

  private final ClockControl clock;
  private final ReadModel model;
  private final ZoneId zone;

  public ClockController(ClockControl clock, ReadModel model) {
    this.clock = clock;
    this.model = model;
    this.zone = model.zone();
  }

  @GetMapping("/api/clock")
  public Map<String, Object> now() {
    return describe(clock.now());
  }

  @PostMapping("/api/clock/advance")
  public ResponseEntity<Map<String, Object>> advance(@RequestParam("by") String by) {
    Duration step;
    try {
      step = Duration.parse(by);
    } catch (DateTimeParseException e) {
      return ResponseEntity.badRequest().body(Map.of("error",
          "'by' must be an ISO-8601 duration such as PT72H or PT30M, not '" + by + "'"));
    }
    if (step.isNegative() || step.isZero() || step.compareTo(MAX_STEP) > 0) {
      return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error",
          "the clock moves forward by more than nothing and at most " + MAX_STEP.toDays() + " days at a time"));
    }
    Instant now = clock.advance(step);
    model.clockMoved();
    return ResponseEntity.ok(describe(now));
  }

  private Map<String, Object> describe(Instant now) {
    return Map.of(
        "now", now.toString(),
        "hospitalTime", now.atZone(zone).toLocalDateTime().toString(),
        "zone", zone.getId(),
        "offset", clock.offset().toString());
  }
}
