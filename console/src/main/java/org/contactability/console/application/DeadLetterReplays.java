package org.contactability.console.application;

import java.util.Map;
import java.util.function.Predicate;

import org.contactability.console.domain.DeadLetterEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a dead letter: republishes its original bytes, with its key and headers, to the topic it
 * came from, once. The replayed record carries the header {@value #REPLAY_HEADER} with the dead
 * letter's id, so that every console that reads the topic (this one after a restart, another
 * replica) knows it was replayed and refuses a second replay.
 */
public final class DeadLetterReplays {

  public static final String REPLAY_HEADER = "contactability.replay-of";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterReplays.class);

  private final ReadModel model;
  private final Republisher republisher;
  private final Predicate<String> catalogueTopic;

  /** @param catalogueTopic whether a resolved topic name belongs to this deployment's catalogue */
  public DeadLetterReplays(ReadModel model, Republisher republisher, Predicate<String> catalogueTopic) {
    this.model = model;
    this.republisher = republisher;
    this.catalogueTopic = catalogueTopic;
  }

  public Outcome replay(String deadLetterId) {
    DeadLetterEntry letter = model.deadLetter(deadLetterId).orElse(null);
    if (letter == null) {
      return new Outcome.Unknown(deadLetterId);
    }
    if (DeadLetterEntry.JSON.equals(letter.payloadFormat())) {
      return new Outcome.NotReplayable(deadLetterId, "Es una fila del HIS (JSON) que no se pudo convertir: no se"
          + " reenvía. Corrija el dato en el sistema de origen (HIS); el conector captura el cambio y lo publica de nuevo.");
    }
    if (!DeadLetterEntry.AVRO.equals(letter.payloadFormat()) || letter.payload() == null) {
      return new Outcome.NotReplayable(deadLetterId, "El contenido está en formato '" + letter.payloadFormat()
          + "', no en Avro con registro de esquemas: no se puede reenviar tal cual. Corrija el origen del dato.");
    }
    if (!catalogueTopic.test(letter.sourceTopic())) {
      return new Outcome.NotReplayable(deadLetterId, "El tema de origen '" + letter.sourceTopic()
          + "' no pertenece al catálogo de esta instalación: no se reenvía.");
    }
    if (!model.claimReplay(deadLetterId)) {
      return new Outcome.AlreadyReplayed(deadLetterId);
    }
    try {
      Published published = republisher.republish(letter.sourceTopic(), letter.key(), letter.payload(),
          letter.headers(), deadLetterId);
      log.info("Replayed dead letter {} of {} to {}-{}@{}", deadLetterId, letter.deadLetterTopic(), published.topic(),
          published.partition(), published.offset());
      return new Outcome.Replayed(deadLetterId, published);
    } catch (Exception e) {
      model.releaseReplay(deadLetterId);
      log.warn("Could not replay dead letter {} to {}: {}", deadLetterId, letter.sourceTopic(), e.toString());
      return new Outcome.Failed(deadLetterId, "No se pudo publicar en '" + letter.sourceTopic() + "': " + e.getMessage());
    }
  }

  /** Publishes bytes as they are (the payload is already in the registry's wire format). */
  public interface Republisher {
    Published republish(String topic, String key, byte[] payload, Map<String, String> headers, String deadLetterId)
        throws Exception;
  }

  public record Published(String topic, int partition, long offset) {
  }

  /** What a replay request came to. */
  public sealed interface Outcome {
    String deadLetterId();

    record Replayed(String deadLetterId, Published to) implements Outcome {
    }

    record AlreadyReplayed(String deadLetterId) implements Outcome {
    }

    record NotReplayable(String deadLetterId, String reason) implements Outcome {
    }

    record Unknown(String deadLetterId) implements Outcome {
    }

    record Failed(String deadLetterId, String reason) implements Outcome {
    }
  }
}
