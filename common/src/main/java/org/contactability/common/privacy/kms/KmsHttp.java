package org.contactability.common.privacy.kms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** JSON over HTTP to a KMS's REST API; any failure is a {@link GeneralSecurityException} naming the call and status. */
final class KmsHttp {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;

  KmsHttp(HttpClient http) {
    this.http = http;
  }

  JsonObject get(URI uri, Map<String, String> headers) throws GeneralSecurityException {
    return send(HttpRequest.newBuilder(uri).GET(), headers, "GET " + uri.getPath());
  }

  JsonObject post(URI uri, Map<String, String> headers, String contentType, String body)
      throws GeneralSecurityException {
    return send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)), headers, "POST " + uri.getPath());
  }

  private JsonObject send(HttpRequest.Builder request, Map<String, String> headers, String call)
      throws GeneralSecurityException {
    headers.forEach(request::header);
    try {
      HttpResponse<String> answer = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() / 100 != 2) {
        throw new GeneralSecurityException(call + " answered " + answer.statusCode() + ": " + abbreviated(answer.body()));
      }
      return JsonParser.parseString(answer.body()).getAsJsonObject();
    } catch (IOException e) {
      throw new GeneralSecurityException(call + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GeneralSecurityException(call + " interrupted", e);
    } catch (RuntimeException e) {
      throw new GeneralSecurityException(call + " gave an answer that is not the expected JSON: " + e.getMessage(), e);
    }
  }

  private static String abbreviated(String body) {
    return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
