package org.contactability.console.adapters.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.contactability.common.privacy.Mask;
import org.contactability.console.application.DeadLetterReplays;
import org.contactability.console.application.ReadModel;
import org.contactability.console.domain.DeadLetterEntry;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dead letters of every dead-letter topic ({@code GET /api/dead-letters}, newest first) and their
 * replay ({@code POST /api/dead-letters/{id}/replay}: 200 replayed, 409 already replayed, 422 not
 * replayable, 404 unknown, 502 the broker did not take it).
 */
@RestController
public class DeadLetterController {

  private final ReadModel model;
  private final DeadLetterReplays replays;

  public DeadLetterController(ReadModel model, DeadLetterReplays replays) {
    this.model = model;
    this.replays = replays;
  }

  /**
   * One dead letter for an operator. The key is masked when it is a phone or an e-mail address; the
   * payload is never shown, only its size.
   *
   * @param replayable whether a replay can work (Avro payload); when not, {@code hint} says what to do
   */
  public record DeadLetterView(String id, String deadLetterTopic, int deadLetterPartition, long deadLetterOffset,
      String sourceTopic, Integer sourcePartition, Long sourceOffset, String key, String payloadFormat,
      int payloadSize, String reason, String errorType, String service, Instant failedAt, int attempts,
      String sourcePosition, boolean replayable, boolean replayed, String hint) {
  }

  public record DeadLetters(long dropped, List<DeadLetterView> deadLetters) {
  }

  @GetMapping("/api/dead-letters")
  public DeadLetters list() {
    return new DeadLetters(model.deadLettersDropped(), model.deadLetters().stream().map(this::view).toList());
  }

  @PostMapping("/api/dead-letters/{id}/replay")
  public ResponseEntity<Map<String, Object>> replay(@PathVariable("id") String id) {
    DeadLetterReplays.Outcome outcome = replays.replay(id);
    if (outcome instanceof DeadLetterReplays.Outcome.Replayed replayed) {
      return ResponseEntity.ok(Map.of("id", id, "replayed", true,
          "message", "Reenviado a " + replayed.to().topic() + " (partición " + replayed.to().partition()
              + ", offset " + replayed.to().offset() + ")",
          "topic", replayed.to().topic(), "partition", replayed.to().partition(), "offset", replayed.to().offset()));
    }
    if (outcome instanceof DeadLetterReplays.Outcome.AlreadyReplayed) {
      return error(HttpStatus.CONFLICT, id, "Este registro ya fue reenviado; no se reenvía dos veces."
          + " Si el servicio volvió a fallar, aparecerá como un registro nuevo en la cola de errores.");
    }
    if (outcome instanceof DeadLetterReplays.Outcome.NotReplayable notReplayable) {
      return error(HttpStatus.UNPROCESSABLE_CONTENT, id, notReplayable.reason());
    }
    if (outcome instanceof DeadLetterReplays.Outcome.Failed failed) {
      return error(HttpStatus.BAD_GATEWAY, id, failed.reason());
    }
    return error(HttpStatus.NOT_FOUND, id, "La consola no conoce el registro " + id
        + " (no existe o es más antiguo que los que guarda)");
  }

  private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String id, String message) {
    return ResponseEntity.status(status).body(Map.of("id", id, "replayed", false, "error", message));
  }

  private DeadLetterView view(DeadLetterEntry letter) {
    boolean avro = DeadLetterEntry.AVRO.equals(letter.payloadFormat()) && letter.payload() != null;
    String hint = avro ? null : DeadLetterEntry.JSON.equals(letter.payloadFormat())
        ? "Fila del HIS que no se pudo convertir: corrija el dato en el HIS y el conector lo volverá a publicar."
        : "Formato sin registro de esquemas: corrija el origen del dato.";
    String key = letter.key() == null ? null
        : letter.key().contains("@") || letter.key().startsWith("+") || letter.key().startsWith("whatsapp:")
            ? Mask.address(letter.key().replaceFirst("^whatsapp:", "")) : letter.key();
    return new DeadLetterView(letter.id(), letter.deadLetterTopic(), letter.deadLetterPartition(),
        letter.deadLetterOffset(), letter.sourceTopic(), letter.sourcePartition(), letter.sourceOffset(), key,
        letter.payloadFormat(), letter.payloadSize(), letter.reason(), letter.errorType(), letter.service(),
        letter.failedAt(), letter.attempts(), letter.sourcePosition(), avro, model.isReplayed(letter.id()), hint);
  }
}
