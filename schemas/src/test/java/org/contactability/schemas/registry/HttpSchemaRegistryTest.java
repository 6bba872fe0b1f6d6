package org.contactability.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.contactability.contracts.appointment.Appointment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryTest {

  InMemorySchemaRegistry backend;
  SchemaRegistryHttpServer server;

  @BeforeEach
  void start() throws IOException {
    backend = new InMemorySchemaRegistry("mem://behind-http");
    server = SchemaRegistryHttpServer.start(backend, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void registers_looks_up_and_fetches_through_the_confluent_api() {
    HttpSchemaRegistry client = new HttpSchemaRegistry(server.url());
    Schema schema = Appointment.getClassSchema();

    int id = client.register("appointments-value", schema);

    assertThat(backend.latest("appointments-value").id()).isEqualTo(id);
    assertThat(new HttpSchemaRegistry(server.url()).schemaById(id)).isEqualTo(schema);
    assertThat(new HttpSchemaRegistry(server.url()).idOf("appointments-value", schema)).isEqualTo(id);
    assertThat(new HttpSchemaRegistry(server.url()).latest("appointments-value"))
        .isEqualTo(new RegisteredSchema("appointments-value", 1, id, schema));
  }

  @Test
  void answers_are_cached_so_the_registry_is_asked_once() {
    HttpSchemaRegistry client = new HttpSchemaRegistry(server.url());
    Schema schema = Appointment.getClassSchema();
    int id = client.register("appointments-value", schema);

    server.close();

    assertThat(client.register("appointments-value", schema)).isEqualTo(id);
    assertThat(client.schemaById(id)).isEqualTo(schema);
  }

  @Test
  void not_found_answers_carry_confluents_error_codes_and_are_not_retried() {
    HttpSchemaRegistry client = new HttpSchemaRegistry(server.url());

    assertThatThrownBy(() -> client.schemaById(12345))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
          assertThat(e.isRetriable()).isFalse();
          assertThat(e.getMessage()).contains("/schemas/ids/12345");
        });
    assertThatThrownBy(() -> client.latest("nobody-value"))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND));
  }

  @Test
  void the_server_answers_in_confluents_documented_shapes() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String body = "{\"schema\": " + quote(Appointment.getClassSchema().toString()) + "}";
    HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/subjects/appointments-value/versions"))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/schemas/ids/77")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/subjects")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> invalid = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/subjects/x-value/versions"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"schema\": \"{not avro\"}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(registered.statusCode()).isEqualTo(200);
    assertThat(registered.body()).isEqualTo("{\"id\":1}");
    assertThat(registered.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).startsWith("{\"error_code\":40403,");
    assertThat(subjects.body()).isEqualTo("[\"appointments-value\"]");
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.body()).startsWith("{\"error_code\":42201,");
  }

  @Test
  void server_errors_are_retried_and_then_reported_as_retriable() throws IOException {
    try (StubRegistry stub = new StubRegistry()) {
      stub.answer(503, "{\"error_code\":50003,\"message\":\"Error while forwarding the request to the leader\"}");
      stub.answer(500, "<html><body>proxy error</body></html>");
      stub.answer(200, "{\"schema\":" + quote(Appointment.getClassSchema().toString()) + "}");

      Schema fetched = new HttpSchemaRegistry(List.of(stub.url()), null, Duration.ofSeconds(2)).schemaById(3);

      assertThat(fetched).isEqualTo(Appointment.getClassSchema());
      assertThat(stub.requests).hasSize(3);
    }
    try (StubRegistry stub = new StubRegistry()) {
      for (int i = 0; i < 3; i++) {
        stub.answer(500, "<html><body>proxy error</body></html>");
      }
      assertThatThrownBy(() -> new HttpSchemaRegistry(List.of(stub.url()), null, Duration.ofSeconds(2)).schemaById(3))
          .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.isRetriable()).isTrue();
            assertThat(e.getMessage()).contains("answered 500").contains("unreadable answer: <html>");
          });
    }
  }

  @Test
  void an_unreachable_first_url_fails_over_to_the_next_and_basic_auth_is_sent() throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    try (StubRegistry stub = new StubRegistry()) {
      stub.answer(200, "{\"id\":9}");

      int id = new HttpSchemaRegistry(List.of("http://127.0.0.1:" + deadPort, stub.url()), "ops:s3cret",
          Duration.ofSeconds(2)).register("appointments-value", Appointment.getClassSchema());

      assertThat(id).isEqualTo(9);
      assertThat(stub.authorizations).containsExactly("Basic b3BzOnMzY3JldA==");
      assertThat(stub.requests).containsExactly("POST /subjects/appointments-value/versions");
    }
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A registry that answers what it is told, in order, and records what it was asked. */
  static final class StubRegistry implements AutoCloseable {
    final HttpServer server;
    final Deque<Object[]> answers = new ArrayDeque<>();
    final List<String> requests = new ArrayList<>();
    final List<String> authorizations = new ArrayList<>();

    StubRegistry() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/", exchange -> {
        synchronized (this) {
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          if (auth != null) {
            authorizations.add(auth);
          }
          Object[] answer = answers.isEmpty() ? new Object[] {500, "{}"} : answers.pop();
          byte[] bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders((Integer) answer[0], bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        }
      });
      server.start();
    }

    void answer(int status, String body) {
      answers.add(new Object[] {status, body});
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
