package org.contactability.console.adapters.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.contactability.console.application.ReadModel;
import org.contactability.console.domain.Funnel;
import org.contactability.console.domain.FunnelDay;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * The live funnel: {@code GET /api/funnel?hospital=HCHM} once, {@code GET /api/funnel/stream?hospital=}
 * as server-sent events (event {@code funnel}, data: the same JSON) whenever it changes.
 */
@RestController
public class FunnelController {

  private final ReadModel model;
  private final FunnelStreamSettings settings;

  public FunnelController(ReadModel model, FunnelStreamSettings settings) {
    this.model = model;
    this.settings = settings;
  }

  /**
   * The funnel of the shown days.
   *
   * @param hospitalTime the hospital's wall-clock time now
   * @param caughtUp     false while the console is still reading the topics' history
   */
  public record FunnelView(Instant generatedAt, LocalDateTime hospitalTime, String zone, LocalDate today,
      String hospital, List<String> hospitals, boolean caughtUp, List<FunnelDay> days) {

    boolean sameCountsAs(FunnelView other) {
      return other != null && caughtUp == other.caughtUp && Objects.equals(today, other.today)
          && Objects.equals(hospitals, other.hospitals) && Objects.equals(days, other.days);
    }
  }

  @GetMapping("/api/funnel")
  public FunnelView funnel(@RequestParam(name = "hospital", required = false) String hospital) {
    return view(hospital);
  }

  /**
   * Sends the funnel at once, then again when the read model changed (looked at every
   * {@code checkEvery}) or every {@code refreshEvery} (time moves deadlines and days), but only when
   * a number differs; an idle stream gets a comment every {@code heartbeat}.
   */
  @GetMapping(path = "/api/funnel/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<FunnelView>> stream(@RequestParam(name = "hospital", required = false) String hospital) {
    long refreshTicks = Math.max(1, settings.refreshEvery().toMillis() / Math.max(1, settings.checkEvery().toMillis()));
    AtomicLong seenVersion = new AtomicLong(Long.MIN_VALUE);
    Flux<ServerSentEvent<FunnelView>> updates = Flux.interval(Duration.ZERO, settings.checkEvery())
        .filter(tick -> {
          long version = model.version();
          return seenVersion.getAndSet(version) != version || tick % refreshTicks == 0;
        })
        .map(tick -> view(hospital))
        .distinctUntilChanged(view -> view, (a, b) -> b.sameCountsAs(a))
        .map(view -> ServerSentEvent.builder(view).event("funnel").id(Long.toString(model.version())).build());
    Flux<ServerSentEvent<FunnelView>> heartbeat = Flux.interval(settings.heartbeat(), settings.heartbeat())
        .map(tick -> ServerSentEvent.<FunnelView>builder().comment("sin cambios").build());
    return Flux.merge(updates, heartbeat);
  }

  private FunnelView view(String hospital) {
    Funnel funnel = model.funnel(hospital);
    Instant now = model.now();
    return new FunnelView(now, LocalDateTime.ofInstant(now, model.zone()), model.zone().getId(), funnel.today(),
        funnel.hospital(), funnel.hospitals(), model.caughtUp(), funnel.days());
  }
}
