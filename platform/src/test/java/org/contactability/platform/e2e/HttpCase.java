package org.contactability.platform.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * One hostile HTTP request and the answers it may get.
 *
 * @param label    what it is, for the failure message
 * @param chunked  sent without a length (Transfer-Encoding: chunked)
 * @param expected the statuses that are right for it
 */
record HttpCase(String label, String method, URI uri, Map<String, String> headers, byte[] body, boolean chunked,
    Set<Integer> expected) {

  /** Longer than any answer may take: a request that needs more hangs. */
  static final Duration PATIENCE = Duration.ofSeconds(15);

  /** The status it got, or the hang. */
  record Answer(HttpCase sent, int status, String body) {
    boolean asExpected() {
      return sent.expected().contains(status);
    }

    @Override
    public String toString() {
      return sent.label() + " -> " + status + " " + body.substring(0, Math.min(body.length(), 160)).strip();
    }
  }

  Answer send(HttpClient http) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(PATIENCE).method(method, publisher());
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(this, response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      throw new AssertionError("no answer within " + PATIENCE + ": " + label, e);
    } catch (java.io.IOException e) {
      throw new AssertionError("the connection failed before an answer (" + e + "): " + label, e);
    }
  }

  private HttpRequest.BodyPublisher publisher() {
    if (body == null) {
      return HttpRequest.BodyPublishers.noBody();
    }
    HttpRequest.BodyPublisher bytes = HttpRequest.BodyPublishers.ofByteArray(body);
    // A publisher of unknown length makes the client send the body in chunks.
    return chunked ? HttpRequest.BodyPublishers.fromPublisher(new Flow.Publisher<ByteBuffer>() {
      @Override
      public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        bytes.subscribe(subscriber);
      }
    }) : bytes;
  }
}
