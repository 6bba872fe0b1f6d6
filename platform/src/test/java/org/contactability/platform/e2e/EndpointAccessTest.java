package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.contactability.common.security.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;

/**
 * Who may call what, endpoint by endpoint, on the running platform: the table below is the expected
 * access of every endpoint of every application. Each protected endpoint answers 401 without a token,
 * 403 to an authenticated caller without a role and to the role just below the one it needs, and lets
 * the role it needs through; an open one never asks for a login. And the table is complete: an endpoint
 * an application serves that the table does not list fails {@link #every_endpoint_served_is_in_the_table()},
 * so that a new endpoint cannot be added without deciding who may call it.
 */
class EndpointAccessTest {

  /** Who may call: anybody, a role (and the roles above it), or nobody. */
  enum Who { OPEN, VIEWER, OPERATOR, ADMINISTRATOR, NOBODY }

  /** One endpoint: the application, the method ({@code *} for any), the path pattern as Spring declares it. */
  record Endpoint(String application, String method, String pattern, Who who) {
    String key() {
      return application + " " + method + " " + pattern;
    }

    @Override
    public String toString() {
      return key() + " -> " + who;
    }
  }

  static final List<String> SERVICES = List.of("HisConnectorApplication", "SchedulerApplication",
      "NotifierApplication", "ResponseApplication", "WaitlistApplication", "ConsoleApplication");

  /** Every application's actuator: probes open, metrics for viewers, the rest for administrators. */
  static final Map<String, Who> ACTUATOR = Map.of(
      "GET /actuator", Who.ADMINISTRATOR,
      "GET /actuator/health", Who.OPEN,
      "GET /actuator/health/{*path}", Who.ADMINISTRATOR,
      "GET /actuator/info", Who.ADMINISTRATOR,
      "GET /actuator/prometheus", Who.VIEWER,
      "GET /actuator/metrics", Who.VIEWER,
      "GET /actuator/metrics/{requiredMetricName}", Who.VIEWER);

  static final List<Endpoint> TABLE = table();

  private static List<Endpoint> table() {
    List<Endpoint> rows = new ArrayList<>();
    for (String service : SERVICES) {
      ACTUATOR.forEach((endpoint, who) -> rows.add(row(service, endpoint, who)));
      if (!service.equals("ConsoleApplication")) {
        // The console's index.html is on the platform's one classpath, so every application offers it as
        // its welcome page; none of them lists it, so nobody gets it.
        rows.add(row(service, "GET /", Who.NOBODY));
      }
    }
    rows.add(row("NotifierApplication", "POST /twilio/status", Who.OPEN));
    rows.add(row("NotifierApplication", "GET /api/sandbox/messages", Who.OPERATOR));
    rows.add(row("NotifierApplication", "GET /api/sandbox/faults", Who.OPERATOR));
    rows.add(row("NotifierApplication", "POST /api/sandbox/faults", Who.ADMINISTRATOR));
    rows.add(row("NotifierApplication", "DELETE /api/sandbox/faults", Who.ADMINISTRATOR));
    rows.add(row("NotifierApplication", "DELETE /api/sandbox/faults/{id}", Who.ADMINISTRATOR));
    rows.add(row("ResponseApplication", "POST /twilio/inbound", Who.OPEN));
    rows.add(row("ResponseApplication", "GET /twilio/voice/{token}", Who.OPEN));
    rows.add(row("ResponseApplication", "POST /twilio/voice/{token}", Who.OPEN));
    rows.add(row("ResponseApplication", "POST /twilio/voice/{token}/gather", Who.OPEN));
    rows.add(row("ResponseApplication", "GET /r/{token}", Who.OPEN));
    rows.add(row("ResponseApplication", "POST /r/{token}", Who.OPEN));
    rows.add(row("ResponseApplication", "GET /assets/answer-page.css", Who.OPEN));
    rows.add(row("WaitlistApplication", "POST /api/campaigns", Who.OPERATOR));
    rows.add(row("WaitlistApplication", "GET /api/campaigns/{id}", Who.OPERATOR));
    String console = "ConsoleApplication";
    rows.add(row(console, "GET /", Who.VIEWER));
    rows.add(row(console, "GET /index.html", Who.VIEWER));
    rows.add(row(console, "GET /assets/console.css", Who.VIEWER));
    rows.add(row(console, "GET /assets/console.js", Who.VIEWER));
    rows.add(row(console, "GET /assets/page.js", Who.VIEWER));
    rows.add(row(console, "GET /api/console", Who.VIEWER));
    rows.add(row(console, "GET /api/funnel", Who.VIEWER));
    rows.add(row(console, "GET /api/funnel/stream", Who.VIEWER));
    rows.add(row(console, "GET /api/appointments", Who.VIEWER));
    rows.add(row(console, "GET /api/appointments/{appointmentId}/timeline", Who.VIEWER));
    rows.add(row(console, "POST /api/appointments/{appointmentId}/patient", Who.OPERATOR));
    rows.add(row(console, "GET /api/audit", Who.ADMINISTRATOR));
    rows.add(row(console, "GET /api/dead-letters", Who.VIEWER));
    rows.add(row(console, "GET /api/lag", Who.VIEWER));
    rows.add(row(console, "GET /api/clock", Who.VIEWER));
    rows.add(row(console, "GET /resultados", Who.VIEWER));
    rows.add(row(console, "GET /resultados.html", Who.VIEWER));
    rows.add(row(console, "GET /informe.html", Who.VIEWER));
    rows.add(row(console, "GET /assets/resultados.css", Who.VIEWER));
    rows.add(row(console, "GET /assets/resultados.js", Who.VIEWER));
    rows.add(row(console, "GET /assets/informe.js", Who.VIEWER));
    rows.add(row(console, "GET /assets/chart.js", Who.VIEWER));
    rows.add(row(console, "GET /api/outcomes", Who.VIEWER));
    rows.add(row(console, "GET /api/outcomes.csv", Who.VIEWER));
    rows.add(row(console, "POST /api/dead-letters/{id}/replay", Who.OPERATOR));
    rows.add(row(console, "POST /api/patients/{patientId}/erasure", Who.OPERATOR));
    rows.add(row(console, "GET /api/privacy/keys", Who.ADMINISTRATOR));
    rows.add(row(console, "POST /api/privacy/keys/rewrap", Who.ADMINISTRATOR));
    rows.add(row(console, "GET /telefonos", Who.OPERATOR));
    rows.add(row(console, "GET /telefonos.html", Who.OPERATOR));
    rows.add(row(console, "GET /assets/telefonos.css", Who.OPERATOR));
    rows.add(row(console, "GET /assets/telefonos.js", Who.OPERATOR));
    rows.add(row(console, "GET /api/phone/patients", Who.OPERATOR));
    rows.add(row(console, "POST /api/phone/replies", Who.OPERATOR));
    rows.add(row(console, "POST /api/phone/keypresses", Who.OPERATOR));
    rows.add(row(console, "GET /api/sandbox/messages", Who.OPERATOR));
    rows.add(row(console, "GET /api/sandbox/faults", Who.OPERATOR));
    rows.add(row(console, "POST /api/sandbox/faults", Who.ADMINISTRATOR));
    rows.add(row(console, "DELETE /api/sandbox/faults", Who.ADMINISTRATOR));
    rows.add(row(console, "DELETE /api/sandbox/faults/{id}", Who.ADMINISTRATOR));
    rows.add(row(console, "POST /api/clock/advance", Who.ADMINISTRATOR));
    return List.copyOf(rows);
  }

  private static Endpoint row(String application, String endpoint, Who who) {
    int space = endpoint.indexOf(' ');
    return new Endpoint(application, endpoint.substring(0, space), endpoint.substring(space + 1), who);
  }

  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static RunningPlatform platform;

  @BeforeAll
  static void start() {
    platform = RunningPlatform.get();
  }

  @Test
  void every_endpoint_served_is_in_the_table() {
    Set<String> served = new TreeSet<>();
    platform.platform.applications().forEach((name, context) -> served.addAll(servedBy(name, context)));
    Set<String> listed = new TreeSet<>(TABLE.stream().map(Endpoint::key).toList());
    assertThat(served).as("the applications running").isNotEmpty();
    assertThat(platform.platform.applications().keySet()).containsExactlyInAnyOrderElementsOf(SERVICES);
    assertThat(served).as("endpoints served but not in this test's table: decide who may call them, in the"
        + " application's AccessRules and here").isSubsetOf(listed);
    assertThat(listed).as("endpoints in the table that nobody serves").isSubsetOf(served);
  }

  static Stream<Endpoint> endpoints() {
    return TABLE.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void each_endpoint_answers_only_the_roles_it_names(Endpoint endpoint) throws Exception {
    if (endpoint.who() == Who.OPEN) {
      assertThat(status(endpoint, null)).as("an open endpoint asks for no login").isNotEqualTo(401);
      return;
    }
    assertThat(status(endpoint, null)).as("without a token").isEqualTo(401);
    assertThat(status(endpoint, platform.token(null))).as("authenticated, without a role").isEqualTo(403);
    if (endpoint.who() == Who.NOBODY) {
      assertThat(status(endpoint, platform.token(Role.ADMINISTRATOR))).as("as administrator").isEqualTo(403);
      return;
    }
    Role needed = Role.valueOf(endpoint.who().name());
    if (needed.ordinal() > 0) {
      Role below = Role.values()[needed.ordinal() - 1];
      assertThat(status(endpoint, platform.token(below))).as("as " + below).isEqualTo(403);
    }
    assertThat(status(endpoint, platform.token(needed))).as("as " + needed).isNotIn(401, 403);
  }

  /**
   * The status of a request on a sample of the pattern, with no body: writes are refused for their
   * missing or unknown input (400, 404) once the caller is let through, so that nothing changes.
   */
  private static int status(Endpoint endpoint, String token) throws Exception {
    String path = endpoint.pattern().replace("{*path}", "ping").replaceAll("\\{[^}]+}", "x1");
    String method = endpoint.method().equals("*") ? "GET" : endpoint.method();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port(endpoint.application())
            + path)).timeout(Duration.ofSeconds(15)).method(method, HttpRequest.BodyPublishers.noBody())
        .header("Accept", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    // The funnel's stream never ends: the status is all this needs.
    HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    response.body().close();
    return response.statusCode();
  }

  private static int port(String application) {
    return Integer.parseInt(platform.platform.applications().get(application).getEnvironment()
        .getRequiredProperty("local.server.port"));
  }

  /** What {@code context} serves: its controllers, the actuator, its router functions, its own static files. */
  private static Set<String> servedBy(String application, ConfigurableApplicationContext context) {
    Set<String> served = new TreeSet<>();
    context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().forEach(mapping ->
        mapping.getHandlerMethods().keySet().forEach(info -> {
          Set<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? Set.of("*")
              : info.getMethodsCondition().getMethods().stream().map(Enum::name).collect(java.util.stream.Collectors.toSet());
          info.getPatternsCondition().getPatterns().forEach(pattern -> methods.forEach(method ->
              served.add(application + " " + method + " " + pattern.getPatternString())));
        }));
    context.getBeansOfType(RouterFunctionMapping.class).values().forEach(mapping -> {
      if (mapping.getRouterFunction() != null) {
        mapping.getRouterFunction().accept(new Routes(application, served));
      }
    });
    served.addAll(staticFiles(application, context));
    return served;
  }

  /** The files under {@code static/} of the application's own jar or classes directory. */
  private static Set<String> staticFiles(String application, ConfigurableApplicationContext context) {
    Set<String> files = new TreeSet<>();
    Object main = context.getBeansWithAnnotation(org.springframework.boot.autoconfigure.SpringBootApplication.class)
        .values().iterator().next();
    String home = org.springframework.util.ClassUtils.getUserClass(main).getProtectionDomain().getCodeSource()
        .getLocation().toString();
    try {
      for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:static/**/*.*")) {
        String url = resource.getURL().toString();
        int at = url.indexOf("static/");
        if ((url.startsWith(home) || url.startsWith("jar:" + home)) && at >= 0) {
          files.add(application + " GET /" + url.substring(at + "static/".length()));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return files;
  }

  /** Methods and paths of router functions, read from their predicates' descriptions ({@code (POST && /x)}). */
  private record Routes(String application, Set<String> served) implements RouterFunctions.Visitor {

    private static final Pattern METHOD = Pattern.compile("\\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\\b");
    /** A path stands alone ({@code && /x}), unlike the {@code /html} of {@code Accept: text/html}. */
    private static final Pattern PATH = Pattern.compile("(?<=[\\s(])(/[^\\s)&|]*)");

    @Override
    public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
      String text = predicate.toString();
      List<String> methods = new ArrayList<>();
      Matcher method = METHOD.matcher(text);
      while (method.find()) {
        methods.add(method.group(1));
      }
      Matcher path = PATH.matcher(text);
      while (path.find()) {
        for (String each : methods.isEmpty() ? List.of("*") : methods) {
          served.add(application + " " + each + " " + path.group(1));
        }
      }
    }

    @Override
    public void startNested(RequestPredicate predicate) {
    }

    @Override
    public void endNested(RequestPredicate predicate) {
    }

    @Override
    public void resources(java.util.function.Function<org.springframework.web.reactive.function.server.ServerRequest,
        reactor.core.publisher.Mono<Resource>> lookup) {
    }

    @Override
    public void attributes(Map<String, Object> attributes) {
    }

    @Override
    public void unknown(RouterFunction<?> routerFunction) {
      served.add(application + " ? " + routerFunction);
    }
  }
}
