package org.contactability.notifier.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Twilio's REST API (2010-04-01 Messages and Calls), so that twilio-java builds
 * and sends its real requests. It records every request (path, form parameters, credentials) and
 * answers as Twilio does: 201 with the created resource, or an error document
 * ({@code {"code":21211,"message":...,"status":400}}) when told to.
 */
public final class TwilioApiStandIn implements AutoCloseable {

  /** One request as received. */
  public record Received(String method, String path, Map<String, List<String>> form, String authorization,
      long receivedAtNanos) {

    public String param(String name) {
      List<String> values = form.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** How to answer one request. */
  public record Reply(int status, String json, Duration delay) {

    public static Reply error(int httpStatus, int code, String message) {
      return new Reply(httpStatus, "{\"code\":" + code + ",\"message\":\"" + message
          + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + httpStatus + "}",
          Duration.ZERO);
    }

    public Reply after(Duration delay) {
      return new Reply(status, json, delay);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private volatile Function<Received, Reply> responder = TwilioApiStandIn::created;

  private TwilioApiStandIn(int threads) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    executor = Executors.newFixedThreadPool(threads);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public static TwilioApiStandIn start() {
    return start(8);
  }

  public static TwilioApiStandIn start(int threads) {
    try {
      return new TwilioApiStandIn(threads);
    } catch (IOException e) {
      throw new IllegalStateException("could not start the Twilio stand-in", e);
    }
  }

  /** Base URL to give twilio-java ({@code localhost}: twilio-java rewrites dotted hosts by region). */
  public String baseUrl() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  public void respondWith(Function<Received, Reply> responder) {
    this.responder = responder;
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  public void clear() {
    received.clear();
  }

  /** What Twilio answers to a valid create: the resource, status "queued". */
  public static Reply created(Received request) {
    boolean call = request.path().endsWith("/Calls.json");
    String sid = (call ? "CA" : "SM") + HexFormat.of().formatHex(randomBytes());
    String to = json(request.param("To"));
    String json = call
        ? "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":" + to + ",\"direction\":\"outbound-api\"}"
        : "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":" + to + ",\"direction\":\"outbound-api\","
            + "\"num_segments\":\"1\",\"error_code\":null}";
    return new Reply(201, json, Duration.ZERO);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          form(new String(body, StandardCharsets.UTF_8)), exchange.getRequestHeaders().getFirst("Authorization"),
          System.nanoTime());
      received.add(request);
      Reply reply = responder.apply(request);
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay().toMillis());
      }
      byte[] out = reply.json().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, List<String>> form(String body) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return form;
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  private static String json(String value) {
    return value == null ? "null" : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
