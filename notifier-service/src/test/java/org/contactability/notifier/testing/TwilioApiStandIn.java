package org.contactability.notifier.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * and sends its real requests. It records every request (path, form or query parameters, credentials) and
 * answers as Twilio does: 201 with the created resource, or an error document
 * ({@code {"code":21211,"message":...,"status":400}}) when told to, at once or after a delay (longer than the
 * client's read timeout: a timeout after Twilio created the message). It keeps what it created, as Twilio does, and
 * lists it ({@code GET .../Messages.json?To=&From=}, {@code GET .../Calls.json?To=&From=}, newest first): that list
 * is the provider-side count of the tests.
 */
public final class TwilioApiStandIn implements AutoCloseable {

  /** One request as received; {@code form} holds the query parameters of a GET. */
  public record Received(String method, String path, Map<String, List<String>> form, String authorization,
      long receivedAtNanos) {

    public boolean isCreate() {
      return method.equals("POST");
    }

    public String param(String name) {
      List<String> values = form.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /**
   * A message or call the stand-in created: what Twilio would list.
   *
   * @param body the Body parameter of a message (Twilio would show a Content template's rendering), else null
   */
  public record Created(String sid, boolean call, String to, String from, String messagingServiceSid, String body,
      Instant dateCreated, String statusCallback) {
  }

  /** How to answer one request; a null {@code json} on a success: the created resource, or the list asked for. */
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

  private static final DateTimeFormatter RFC_2822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Created> created = new ConcurrentLinkedQueue<>();
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

  /** What it created (every message and call, in order): the provider's count. */
  public List<Created> created() {
    return new ArrayList<>(created);
  }

  public void clear() {
    received.clear();
    created.clear();
  }

  /** What Twilio answers to a valid create (the resource, status "queued") or to a list (the resources asked for). */
  public static Reply created(Received request) {
    return new Reply(request.isCreate() ? 201 : 200, null, Duration.ZERO);
  }

  private String answer(Received request, Reply reply) {
    if (reply.json() != null || reply.status() >= 300) {
      return reply.json();
    }
    boolean calls = request.path().endsWith("/Calls.json");
    if (!request.isCreate()) {
      List<Created> listed = created.stream()
          .filter(c -> c.call() == calls)
          .filter(c -> request.param("To") == null || request.param("To").equals(c.to()))
          .filter(c -> request.param("From") == null || request.param("From").equals(c.from()))
          .sorted((a, b) -> b.dateCreated().compareTo(a.dateCreated()))
          .toList();
      String key = calls ? "calls" : "messages";
      return "{\"" + key + "\":[" + String.join(",", listed.stream().map(TwilioApiStandIn::json).toList())
          + "],\"uri\":" + json(request.path()) + ",\"first_page_uri\":" + json(request.path())
          + ",\"next_page_uri\":null,\"previous_page_uri\":null,\"page\":0,\"page_size\":50,\"start\":0,"
          + "\"end\":" + Math.max(0, listed.size() - 1) + "}";
    }
    Created resource = new Created((calls ? "CA" : "SM") + HexFormat.of().formatHex(randomBytes()), calls,
        request.param("To"), request.param("From"), request.param("MessagingServiceSid"), request.param("Body"),
        Instant.now(), request.param("StatusCallback"));
    created.add(resource);
    return json(resource);
  }

  private static String json(Created c) {
    String date = json(RFC_2822.format(c.dateCreated().atZone(ZoneOffset.UTC)));
    return c.call()
        ? "{\"sid\":\"" + c.sid() + "\",\"status\":\"queued\",\"to\":" + json(c.to()) + ",\"from\":" + json(c.from())
            + ",\"direction\":\"outbound-api\",\"date_created\":" + date + "}"
        : "{\"sid\":\"" + c.sid() + "\",\"status\":\"queued\",\"to\":" + json(c.to()) + ",\"from\":" + json(c.from())
            + ",\"messaging_service_sid\":" + json(c.messagingServiceSid()) + ",\"body\":" + json(c.body())
            + ",\"direction\":\"outbound-api\",\"date_created\":" + date + ",\"num_segments\":\"1\",\"error_code\":null}";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String query = exchange.getRequestURI().getRawQuery();
      Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          form(exchange.getRequestMethod().equals("GET") ? (query == null ? "" : query)
              : new String(body, StandardCharsets.UTF_8)), exchange.getRequestHeaders().getFirst("Authorization"),
          System.nanoTime());
      received.add(request);
      Reply reply = responder.apply(request);
      // Created before the answer, as Twilio does: a client that stops waiting does not undo it.
      String json = answer(request, reply);
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay().toMillis());
      }
      byte[] out = json.getBytes(StandardCharsets.UTF_8);
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
