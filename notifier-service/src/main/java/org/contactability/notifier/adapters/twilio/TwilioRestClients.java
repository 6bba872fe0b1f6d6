package org.contactability.notifier.adapters.twilio;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the twilio-java client: one attempt per call (resilience4j owns retries; the SDK's own
 * retry of 5xx would multiply them), bounded timeouts, and optionally another API base URL than
 * https://api.twilio.com (a Twilio-compatible proxy, or the local stand-in of the tests and the
 * benchmark).
 */
public final class TwilioRestClients {

  /** Concurrent calls per client: above the busiest lane's threads. */
  private static final int MAX_CONNECTIONS = 64;

  private TwilioRestClients() {
  }

  /** @param apiBaseUrl e.g. {@code http://localhost:8099}; null or blank for Twilio itself */
  public static TwilioRestClient create(String accountSid, String authToken, String apiBaseUrl, Duration connectTimeout,
      Duration readTimeout) {
    RequestConfig requestConfig = RequestConfig.custom()
        .setConnectionRequestTimeout(Timeout.of(connectTimeout))
        .setResponseTimeout(Timeout.of(readTimeout))
        .build();
    PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
        .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(Timeout.of(readTimeout)).build())
        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout))
            .setSocketTimeout(Timeout.of(readTimeout)).build())
        .setMaxConnPerRoute(MAX_CONNECTIONS)
        .setMaxConnTotal(MAX_CONNECTIONS)
        .build();
    // Apache's client would itself retry 429 and 503 answers; resilience4j decides on retries instead.
    NetworkHttpClient network = new NetworkHttpClient(HttpClientBuilder.create()
        .useSystemProperties()
        .setConnectionManager(connections)
        .setDefaultRequestConfig(requestConfig)
        .disableAutomaticRetries());
    return new TwilioRestClient.Builder(accountSid, authToken)
        .httpClient(new SingleAttempt(network, apiBaseUrl == null || apiBaseUrl.isBlank() ? null : URI.create(apiBaseUrl)))
        .build();
  }

  private static final class SingleAttempt extends HttpClient {

    private final HttpClient delegate;
    private final URI base;

    SingleAttempt(HttpClient delegate, URI base) {
      this.delegate = delegate;
      this.base = base;
    }

    @Override
    public Response reliableRequest(Request request) {
      return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
      return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
      return delegate.makeRequest(base == null ? request : redirected(request));
    }

    /** The same request against {@link #base}: path, query, form, headers and credentials kept. */
    private Request redirected(Request original) {
      URI target = URI.create(original.getUrl());
      String url = base.getScheme() + "://" + base.getAuthority() + target.getRawPath()
          + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
      Request copy = new Request(original.getMethod(), url);
      copy(original.getQueryParams(), copy::addQueryParam);
      copy(original.getPostParams(), copy::addPostParam);
      copy(original.getHeaderParams(), copy::addHeaderParam);
      if (original.getAuthStrategy() != null) {
        copy.setAuth(original.getAuthStrategy());
      } else if (original.getUsername() != null) {
        copy.setAuth(original.getUsername(), original.getPassword());
      }
      copy.setContentType(original.getContentType());
      copy.setBody(original.getBody());
      return copy;
    }

    private static void copy(Map<String, List<String>> params, BiConsumer<String, String> add) {
      params.forEach((name, values) -> values.forEach(value -> add.accept(name, value)));
    }
  }
}
