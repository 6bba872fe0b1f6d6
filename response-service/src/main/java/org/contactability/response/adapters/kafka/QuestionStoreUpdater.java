package org.contactability.response.adapters.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.contactability.contracts.contact.ContactRequest;
import org.contactability.response.application.Questions;

/**
 * Keeps the questions of {@code contact.requests} findable by answer token, by request id and by the
 * blind index of the recipient's phone (the store never holds the number in clear). Requests that ask nothing (answers, notices) are not kept. When a number is asked
 * something new, its questions whose window closed more than {@code retention} ago are forgotten.
 */
final class QuestionStoreUpdater implements Processor<String, ContactRequest, Void, Void> {

  private final Function<String, String> phoneIndex;
  private final Duration retention;
  private KeyValueStore<String, ContactRequest> store;

  /** @param phoneIndex the blind index of a request's (sealed) recipient phone, or null when it has none usable */
  QuestionStoreUpdater(Function<String, String> phoneIndex, Duration retention) {
    this.phoneIndex = phoneIndex;
    this.retention = retention;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(ResponseStores.QUESTIONS);
  }

  @Override
  public void process(Record<String, ContactRequest> record) {
    ContactRequest request = record.value();
    if (request == null || !(Questions.isQuestion(request) || request.getAnswerToken() != null)) {
      return;
    }
    store.put(ResponseStores.request(request.getRequestId()), request);
    if (request.getAnswerToken() != null) {
      store.put(ResponseStores.token(request.getAnswerToken()), request);
    }
    String phone = request.getRecipient().getPhone() == null ? null : phoneIndex.apply(request.getRecipient().getPhone());
    if (phone != null) {
      forgetOldQuestions(phone, request.getRequestedAt().minus(retention));
      store.put(ResponseStores.phoneQuestion(phone, request.getRequestId()), request);
    }
  }

  private void forgetOldQuestions(String phone, Instant before) {
    List<ContactRequest> old = new ArrayList<>();
    try (KeyValueIterator<String, ContactRequest> questions =
        store.prefixScan(ResponseStores.phonePrefix(phone), new StringSerializer())) {
      while (questions.hasNext()) {
        KeyValue<String, ContactRequest> entry = questions.next();
        ContactRequest question = entry.value;
        Instant closed = question.getRespondBy() != null ? question.getRespondBy() : question.getRequestedAt();
        if (closed.isBefore(before)) {
          old.add(question);
        }
      }
    }
    for (ContactRequest question : old) {
      store.delete(ResponseStores.phoneQuestion(phone, question.getRequestId()));
      store.delete(ResponseStores.request(question.getRequestId()));
      if (question.getAnswerToken() != null) {
        store.delete(ResponseStores.token(question.getAnswerToken()));
      }
    }
  }
}
