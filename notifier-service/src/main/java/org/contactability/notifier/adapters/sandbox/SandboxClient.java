package org.contactability.notifier.adapters.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

/**
 * A notifier's side of the shared {@link SandboxServer}: sends and look-ups go to the one stand-in every instance
 * uses, so that a send in doubt at an instance that died is found by the instance that takes over its requests.
 */
public final class SandboxClient implements SandboxProvider {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  /** @param base the stand-in's address, e.g. {@code http://localhost:8089} */
  public SandboxClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public SandboxMessage deliver(SandboxMessage message) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(SandboxServer.MESSAGES)).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(message))).build();
    return JSON.readValue(call(request, false), SandboxMessage.class);
  }

  @Override
  public Optional<SandboxMessage> ofRequest(String requestId) {
    byte[] body = call(get(SandboxServer.REQUESTS + "?id=" + encode(requestId)), true);
    return body == null ? Optional.empty() : Optional.of(JSON.readValue(body, SandboxMessage.class));
  }

  @Override
  public List<SandboxMessage> of(String address) {
    return List.of(JSON.readValue(call(get(SandboxServer.MESSAGES + "?to=" + encode(address)), false),
        SandboxMessage[].class));
  }

  private HttpRequest get(String pathAndQuery) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout).GET().build();
  }

  /** The answer's body; null for a 404 when {@code absentIsNull}. Never names the address or the text. */
  private byte[] call(HttpRequest request, boolean absentIsNull) {
    HttpResponse<byte[]> answer;
    try {
      answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("the sandbox at " + base + " did not answer: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while calling the sandbox at " + base, e));
    }
    if (absentIsNull && answer.statusCode() == 404) {
      return null;
    }
    if (answer.statusCode() != 200) {
      throw new UncheckedIOException(new IOException("the sandbox at " + base + " answered HTTP " + answer.statusCode()));
    }
    return answer.body();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
