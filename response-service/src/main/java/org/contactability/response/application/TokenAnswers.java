package org.contactability.response.application;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.contactability.contracts.common.Channel;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.contracts.contact.CorrelationMethod;
import org.contactability.contracts.contact.PatientResponse;
import org.contactability.response.application.AnswerPublisher.Keyed;
import org.contactability.response.domain.Intent;

/** Publishes an answer given through a token (the answer page or a call): the token names its question. */
public final class TokenAnswers {

  private final AnswerPrivacy senders;
  private final AnswerPublisher publisher;
  private final Clock clock;

  public TokenAnswers(AnswerPublisher publisher, Clock clock, AnswerPrivacy senders) {
    this.senders = senders;
    this.publisher = publisher;
    this.clock = clock;
  }

  /**
   * @param question   the request the token belongs to
   * @param intent     what the patient chose
   * @param channel    WEB for the page, VOICE for a call
   * @param method     ANSWER_LINK or VOICE_CALL
   * @param responseId id of this answer
   * @param from       the patient's number on a call; null on the page (it asks for nothing)
   * @param rawText    the button title or digit as received
   */
  public CompletableFuture<PatientResponse> submit(ContactRequest question, Intent intent, Channel channel,
      CorrelationMethod method, String responseId, String from, String rawText, String providerMessageId) {
    String index = senders.index(from);
    String sealedFrom = senders.seal(from, index, question);
    PatientResponse response = PatientResponse.newBuilder()
        .setResponseId(responseId)
        .setReceivedAt(clock.instant())
        .setChannel(channel)
        .setFrom(sealedFrom)
        .setFromIndex(index)
        .setIntent(InboundMessages.contractIntent(intent))
        .setRawText(senders.sealLike(sealedFrom, rawText, question))
        .setButtonPayload(channel == Channel.WEB ? intent.name() : null)
        .setProviderMessageId(providerMessageId)
        .setCorrelation(ResponseKeys.copy(question.getCorrelation()))
        .setCorrelationMethod(method)
        .setHospitalCode(question.getHospitalCode())
        .setQuestionRequestId(question.getRequestId())
        .build();
    return publisher.publish(new Keyed<>(ResponseKeys.of(response), response), List.of()).thenApply(done -> response);
  }
}
