package org.contactability.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import com.jayway.jsonpath.JsonPath;
import org.awaitility.Awaitility;
import org.contactability.common.time.AdjustableClock;
import org.contactability.console.application.ClockControl;
import org.contactability.console.application.ReadModel;
import org.contactability.console.config.ConsoleProperties;
import org.contactability.console.support.Contracts;
import org.contactability.console.support.ResponseStandIn;
import org.contactability.console.support.RunningConsole;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.AppointmentStatus;
import org.contactability.contracts.common.Channel;
import org.contactability.contracts.common.ContactPurpose;
import org.contactability.contracts.contact.DeliveryStatus;
import org.contactability.embedded.PostgresDatabase;
import org.contactability.his.reference.DemoData;
import org.contactability.his.reference.ReferenceHisSchema;
import org.contactability.schemas.topics.Topics;
import org.contactability.testkit.Chromium;
import org.contactability.testkit.TestTokens;
import org.contactability.testkit.SharedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The console as the embedded platform starts it: with a clock control (the platform's clock store
 * plays it there) and the HIS's data source (patient picker, real PostgreSQL with the demo data), and the sandbox on.
 * The notifier's sandbox inbox and response-service's webhooks are played by a local stand-in that
 * validates signatures with twilio-java. The pages are checked in headless Chromium.
 */
class ConsoleInThePlatformTest {

  /** 12:00 in Santiago on Monday 4 May 2026. */
  static final Instant START = Instant.parse("2026-05-04T16:00:00Z");
  static final String PUBLIC_RESPONSE_URL = "https://respuestas.hospital.example.cl";
  static final String WHATSAPP_REMINDER = """
      [{"channel":"whatsapp","to":"+56961234567","text":"Hola Juan Dionisio Soto Cabrera, el Hospital de Chillán le \
      informa que tiene una cita este 06 de mayo, a las 10:00 horas. Confirme o Cancele su cita presionando a \
      continuación:","subject":null,"buttons":[{"payload":"CONFIRM","title":"Confirme su cita"},\
      {"payload":"CANCEL","title":"Cancele su cita"}],"links":[],"providerMessageId":"SB0001","requestId":"1:reminder:1:WHATSAPP",\
      "hospitalCode":"HCHM","template":"reminder","receivedAt":"2026-05-04T15:00:00Z"}]""";

  static ClockControl clock;
  static ResponseStandIn standIn;
  static RunningConsole console;
  static WebTestClient web;

  @BeforeAll
  static void start() throws Exception {
    PostgresDatabase his = SharedPostgres.newDatabase(ConsoleInThePlatformTest.class);
    DataSource dataSource = his.dataSource();
    ReferenceHisSchema.migrate(dataSource);
    Clock base = Clock.fixed(START, ZoneOffset.UTC);
    new DemoData(base, DemoData.DEFAULT_ZONE, DemoData.DEFAULT_SEED).fill(dataSource);
    AdjustableClock movable = AdjustableClock.on(base);
    clock = () -> movable;
    standIn = ResponseStandIn.start(ConsoleProperties.Sandbox.DEVELOPMENT_AUTH_TOKEN, PUBLIC_RESPONSE_URL);
    standIn.inbox(Contracts.JUAN_PHONE, WHATSAPP_REMINDER);
    console = RunningConsole.start(ConsoleInThePlatformTest.class, Map.of(
            "contactability.console.sandbox.enabled", "true",
            "contactability.console.sandbox.notifier-url", standIn.url(),
            "contactability.console.sandbox.response-url", standIn.url(),
            "contactability.console.sandbox.response-public-url", PUBLIC_RESPONSE_URL),
        Map.of("clock", clock.clock(), "clockControl", clock, "hisDataSource", dataSource));
    web = console.web();
  }

  @AfterAll
  static void stop() {
    if (console != null) {
      console.close();
    }
    if (standIn != null) {
      standIn.close();
    }
  }

  @Test
  void the_clock_control_moves_the_platforms_clock_and_the_consoles_today() {
    LocalDate before = today();
    web.get().uri("/api/console").exchange().expectBody()
        .jsonPath("$.clockControl").isEqualTo(true)
        .jsonPath("$.sandbox").isEqualTo(true)
        .jsonPath("$.patients").isEqualTo(true);

    long version = console.bean(ReadModel.class).version();

    web.post().uri("/api/clock/advance?by=PT24H").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.zone").isEqualTo("America/Santiago");

    assertThat(today()).isEqualTo(before.plusDays(1));
    assertThat(console.bean(ReadModel.class).version()).as("open streams look again at once").isGreaterThan(version);
    web.post().uri("/api/clock/advance?by=mañana").exchange().expectStatus().isBadRequest();
  }

  @Test
  void the_picker_lists_the_his_patients_story_patients_first_with_phones_in_e164() {
    web.get().uri("/api/phone/patients").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.patients[0].name").isEqualTo(Contracts.JUAN_NAME)
        .jsonPath("$.patients[0].phone").isEqualTo(Contracts.JUAN_PHONE)
        .jsonPath("$.patients[0].rut").isEqualTo("*****678-5")
        .jsonPath("$.patients[0].email").isEqualTo("juan.soto.cabrera@example.com")
        .jsonPath("$.patients[0].upcomingAppointments").isEqualTo(1)
        .jsonPath("$.patients[1].phone").isEqualTo("+56987654321");

    web.get().uri("/api/phone/patients?q=9.876.543-3").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.patients.length()").isEqualTo(1)
        .jsonPath("$.patients[0].name").isEqualTo("María Angélica Fuentes Rojas")
        .jsonPath("$.patients[0].waiting").isEqualTo(true);
  }

  @Test
  void the_sandbox_messages_of_an_address_are_served_on_the_consoles_port() {
    web.get().uri("/api/sandbox/messages?to={to}", Contracts.JUAN_PHONE).exchange().expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$[0].channel").isEqualTo("whatsapp")
        .jsonPath("$[0].buttons[0].payload").isEqualTo("CONFIRM");
    assertThat(standIn.inboxQueries()).contains(Contracts.JUAN_PHONE);

    web.get().uri("/api/sandbox/messages").exchange().expectStatus().isBadRequest();
  }

  @Test
  void the_sandboxs_fault_injection_is_passed_through_to_the_notifier_on_the_consoles_port() {
    String outage = "{\"kind\":\"error\",\"status\":503,\"channel\":\"whatsapp\"}";
    web.post().uri("/api/sandbox/faults").contentType(MediaType.APPLICATION_JSON).bodyValue(outage).exchange()
        .expectStatus().isCreated().expectBody().jsonPath("$.id").isEqualTo("f1").jsonPath("$.status").isEqualTo(503);
    web.get().uri("/api/sandbox/faults").exchange().expectStatus().isOk().expectBody().json("[]");
    web.delete().uri("/api/sandbox/faults/f1").exchange().expectStatus().isNoContent();
    web.delete().uri("/api/sandbox/faults/f9").exchange().expectStatus().isNotFound();
    web.delete().uri("/api/sandbox/faults").exchange().expectStatus().isNoContent();

    assertThat(standIn.faultCalls()).containsExactly("POST /api/sandbox/faults " + outage, "GET /api/sandbox/faults",
        "DELETE /api/sandbox/faults/f1", "DELETE /api/sandbox/faults/f9", "DELETE /api/sandbox/faults");
  }

  @Test
  void a_reply_is_posted_to_response_service_as_twilio_posts_it_signed_over_its_public_url() {
    int before = standIn.received().size();

    web.post().uri("/api/phone/replies").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("phone", "+56 9 6123 4567", "channel", "sms", "text", "1"))
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.accepted").isEqualTo(true);

    ResponseStandIn.Received received = standIn.received().get(before);
    assertThat(received.valid()).isTrue();
    assertThat(received.params()).containsEntry("From", Contracts.JUAN_PHONE).containsEntry("Body", "1");

    web.post().uri("/api/phone/replies").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("phone", "12345", "channel", "sms", "text", "1"))
        .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo(
            "El teléfono del paciente no es un número válido");
    web.post().uri("/api/phone/replies").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("phone", Contracts.JUAN_PHONE, "channel", "email", "text", "1"))
        .exchange().expectStatus().isBadRequest();
    web.post().uri("/api/phone/keypresses").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("phone", Contracts.JUAN_PHONE, "voiceUrl", PUBLIC_RESPONSE_URL + "/twilio/voice/Tok1", "digits", "2"))
        .exchange().expectStatus().isOk();
    assertThat(standIn.received().get(standIn.received().size() - 1).valid()).isTrue();
    web.post().uri("/api/phone/keypresses").contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("phone", Contracts.JUAN_PHONE, "voiceUrl", "https://elsewhere.example.com/x", "digits", "2"))
        .exchange().expectStatus().isBadRequest();
  }

  @Test
  void on_the_console_page_an_operator_finds_a_timeline_and_replays_a_dead_letter_once() throws Exception {
    Instant at = clock.now();
    console.publish(Topics.HIS_APPOINTMENTS, "s-1",
        Contracts.hisAppointment("s-1", "1", "3", today().plusDays(4).atTime(9, 0), AppointmentStatus.BOOKED, at));
    String source = console.naming().name(Topics.CONTACT_REQUESTS);
    byte[] payload = console.bytes(Topics.CONTACT_REQUESTS,
        Contracts.request("s-1", Channel.SMS, ContactPurpose.REMINDER, at));
    console.publish(Topics.CONTACT_REQUESTS.deadLetter().orElseThrow(), "s-1",
        Contracts.deadLetter("dl-page", source, "s-1", payload, "avro-confluent", at.plusSeconds(5)));
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> web.get().uri("/api/dead-letters").exchange()
        .expectBody(String.class).returnResult().getResponseBody().contains("dl-page"));

    try (Chromium chromium = Chromium.open("1280,900")) {
      WebDriver browser = chromium.browser();
      chromium.sendWithEveryRequest("Authorization", TestTokens.bearer("administrator"));
      WebDriverWait wait = chromium.waitUpTo(Duration.ofSeconds(30));
      browser.get(console.url() + "/");
      browser.findElement(By.id("query")).sendKeys("s-1");
      browser.findElement(By.cssSelector("#search button")).click();
      wait.until(b -> b.findElements(By.cssSelector("#timeline-entries li")).size() == 2);
      List<String> lines = browser.findElements(By.cssSelector("#timeline-entries li")).stream()
          .map(li -> li.getText()).toList();
      assertThat(lines.get(0)).contains("his.appointments", "CREATE", "Cita agendada")
          .as("in the hospital's time, not the browser's").contains("12:00:00");
      assertThat(lines.get(1)).contains("contact.requests.dlq", "DEAD_LETTER", "notifier-service");

      By replay = By.cssSelector("button[data-replay='dl-page']");
      wait.until(b -> !b.findElements(replay).isEmpty());
      browser.findElement(replay).click();
      wait.until(b -> b.findElement(By.id("dead-letter-message")).getText().startsWith("Reenviado a " + source));
      wait.until(b -> b.findElements(replay).isEmpty()
          && b.findElement(By.cssSelector("tr[data-dead-letter='dl-page']")).getText().contains("Reenviado"));
      ((JavascriptExecutor) browser).executeScript("document.getElementById('citas').scrollIntoView()");
      chromium.screenshot("console-timeline-and-dead-letters");
    }
    web.post().uri("/api/dead-letters/dl-page/replay").exchange().expectStatus().isEqualTo(409);
  }

  @Test
  void the_funnel_on_the_console_page_updates_after_records_arrive() throws Exception {
    try (Chromium chromium = Chromium.open("1280,900")) {
      WebDriver browser = chromium.browser();
      chromium.sendWithEveryRequest("Authorization", TestTokens.bearer("administrator"));
      LocalDate day = today().plusDays(2);
      browser.get(console.url() + "/");
      WebDriverWait wait = chromium.waitUpTo(Duration.ofSeconds(30));
      By booked = By.cssSelector("td[data-day='" + day + "'][data-metric='booked']");
      wait.until(b -> !b.findElements(booked).isEmpty() && "0".equals(b.findElement(booked).getText()));
      wait.until(b -> "En vivo".equals(b.findElement(By.id("live")).getText()));
      assertThat(browser.findElement(By.id("clock")).isDisplayed()).as("the clock control of the platform").isTrue();

      Instant at = clock.now();
      console.publish(Topics.HIS_SITES, "3", Contracts.hisSite("3", "HCHM", at));
      console.publish(Topics.HIS_APPOINTMENTS, "b-1",
          Contracts.hisAppointment("b-1", "1", "3", day.atTime(10, 0), AppointmentStatus.BOOKED, at));
      console.publish(Topics.HIS_APPOINTMENTS, "b-2",
          Contracts.hisAppointment("b-2", "2", "3", day.atTime(10, 20), AppointmentStatus.CONFIRMED, at));

      wait.until(b -> "2".equals(b.findElement(booked).getText()));
      By confirmed = By.cssSelector("td[data-day='" + day + "'][data-metric='confirmed']");
      String confirmedCount = wait.until(b -> b.findElement(confirmed).getText());
      assertThat(confirmedCount).isEqualTo("1");
      assertThat(browser.findElements(By.cssSelector("#hospital option"))).extracting(o -> o.getAttribute("value"))
          .contains("", "HCHM");
      chromium.screenshot("console-funnel");
    }
  }

  @Test
  void a_viewer_sees_the_outcome_charts_drawn_from_the_apis_figures_and_downloads_a_table_as_csv() throws Exception {
    Instant at = clock.now();
    LocalDate tuesday = LocalDate.of(2026, 4, 21);
    console.publish(Topics.HIS_SITES, "3", Contracts.hisSite("3", "HCHM", at));
    AppointmentStatus[] attendance = {AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW, AppointmentStatus.ATTENDED,
        AppointmentStatus.NO_SHOW};
    for (int i = 0; i < attendance.length; i++) {
      console.publish(Topics.HIS_APPOINTMENTS, "o-" + i,
          Contracts.hisAppointment("o-" + i, "1", "3", tuesday.atTime(9 + i, 0), attendance[i], at));
    }
    Instant reminder = tuesday.minusDays(2).atTime(10, 0).atZone(Contracts.SANTIAGO).toInstant();
    console.publish(Topics.CONTACT_STATUS, "o-0",
        Contracts.status("o-0", Channel.WHATSAPP, ContactPurpose.REMINDER, DeliveryStatus.READ, reminder));
    console.publish(Topics.CONTACT_STATUS, "o-1",
        Contracts.status("o-1", Channel.SMS, ContactPurpose.REMINDER, DeliveryStatus.DELIVERED, reminder));
    console.publish(Topics.APPOINTMENT_DECISIONS, "o-0", Contracts.decision("o-0", DecisionType.CONFIRMED,
        Contracts.view("o-0", "HCHM", tuesday.atTime(9, 0), AppointmentStatus.BOOKED, null), reminder.plusSeconds(3600)));
    console.publish(Topics.HIS_APPOINTMENTS, "o-9",
        Contracts.hisAppointment("o-9", "1", "3", tuesday.plusWeeks(1).atTime(9, 0), AppointmentStatus.NO_SHOW, at));
    String api = "/api/outcomes?period=week";
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> JsonPath.<List<Integer>>read(json(api),
        "$.tables[?(@.id=='attendance')].rows[?(@.period=='2026-W18')].recorded").equals(List.of(1)));
    String figures = json(api);
    assertThat(JsonPath.<List<Double>>read(figures,
        "$.tables[?(@.id=='attendance')].rows[?(@.period=='2026-W17')].noShowRate")).containsExactly(0.5);

    try (Chromium chromium = Chromium.open("1280,900")) {
      WebDriver browser = chromium.browser();
      chromium.sendWithEveryRequest("Authorization", TestTokens.bearer("viewer"));
      browser.get(console.url() + "/resultados");
      WebDriverWait wait = chromium.waitUpTo(Duration.ofSeconds(30));
      wait.until(b -> b.findElement(By.tagName("body")).getAttribute("data-loaded") != null);
      JavascriptExecutor page = (JavascriptExecutor) browser;

      List<Object> weeks = chartData(page, "chart-trend", "labels");
      assertThat(weeks).containsSubsequence("2026-W17", "2026-W18");
      assertThat(chartData(page, "chart-trend", "datasets[2].data").get(weeks.indexOf("2026-W17")))
          .as("no-show rate of the week, as the API says").isEqualTo(0.5);
      assertThat(chartData(page, "chart-funnel", "datasets[0].data")).as("citas, notificadas, entregadas, confirmadas, atendidas")
          .containsExactly(sum(figures, "reach", "appointments"), sum(figures, "reach", "notified"),
              sum(figures, "reach", "delivered"), sum(figures, "answers", "confirmed"), sum(figures, "attendance", "attended"));
      assertThat(chartData(page, "chart-channels", "datasets[0].data")).as("WhatsApp, SMS, correo, voz")
          .containsExactly(sum(figures, "reachByChannel", "notified", "WHATSAPP"),
              sum(figures, "reachByChannel", "notified", "SMS"), sum(figures, "reachByChannel", "notified", "EMAIL"),
              sum(figures, "reachByChannel", "notified", "VOICE"));
      assertThat(browser.findElement(By.cssSelector("#table-attendance .definitions")).getText())
          .contains("Tasa de inasistencia", "No se presentaron / con asistencia registrada.");

      Object status = page.executeAsyncScript("const done = arguments[arguments.length - 1];"
          + "fetch(document.querySelector('#table-attendance a.csv').href).then(r => done(r.status), e => done(String(e)));");
      assertThat(status).as("the CSV link answers the viewer").isEqualTo(200L);
      browser.findElement(By.cssSelector("#table-attendance a.csv")).click();
      Path csv = chromium.downloads().resolve("resultados-attendance-week.csv");
      Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
          assertThat(downloaded(chromium)).as("downloaded").contains(csv.getFileName().toString()));
      List<String> lines = Files.readAllLines(csv);
      assertThat(lines.get(0)).startsWith("\uFEFFPeriodo,Con asistencia registrada,Atendidas,No se presentaron");
      assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("2026-W17,4,2,2,0.5,"));
      chromium.screenshot("console-outcomes");
    }
  }

  private static List<String> downloaded(Chromium chromium) throws java.io.IOException {
    try (var files = Files.list(chromium.downloads())) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }

  private static String json(String uri) {
    return web.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
  }

  /** A chart's data as Chart.js holds it on the page. */
  @SuppressWarnings("unchecked")
  private static List<Object> chartData(JavascriptExecutor page, String canvas, String path) {
    return (List<Object>) page.executeScript("return Chart.getChart('" + canvas + "').data." + path + ";");
  }

  /** The sum of a column over a table's rows (of one channel), as the page's charts add them up. */
  private static long sum(String figures, String table, String column, String... channel) {
    String rows = channel.length == 0 ? "rows[*]" : "rows[?(@.channel=='" + channel[0] + "')]";
    List<Number> values = JsonPath.read(figures, "$.tables[?(@.id=='" + table + "')]." + rows + "." + column);
    return values.stream().mapToLong(Number::longValue).sum();
  }

  @Test
  void on_the_phone_page_a_tapped_whatsapp_button_reaches_response_service_signed() throws Exception {
    try (Chromium chromium = Chromium.open("390,844")) {
      WebDriver browser = chromium.browser();
      chromium.sendWithEveryRequest("Authorization", TestTokens.bearer("administrator"));
      WebDriverWait wait = chromium.waitUpTo(Duration.ofSeconds(30));
      browser.get(console.url() + "/telefonos");
      wait.until(b -> !b.findElements(By.cssSelector("#patients button")).isEmpty());
      browser.findElement(By.xpath("//button[.//span[normalize-space()='" + Contracts.JUAN_NAME + "']]")).click();

      wait.until(b -> !b.findElements(By.cssSelector(".bubble.in")).isEmpty());
      assertThat(browser.findElement(By.cssSelector(".bubble.in")).getText()).contains("Hola Juan Dionisio Soto Cabrera");
      List<String> buttons = browser.findElements(By.cssSelector(".quick button")).stream().map(b -> b.getText()).toList();
      assertThat(buttons).containsExactly("Confirme su cita", "Cancele su cita");
      chromium.screenshot("phone-before");
      int before = standIn.received().size();

      browser.findElement(By.xpath("//button[normalize-space()='Confirme su cita']")).click();

      wait.until(b -> b.findElement(By.id("phone-message")).getText().equals("Respuesta entregada al hospital."));
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> standIn.received().size() > before);
      ResponseStandIn.Received received = standIn.received().get(before);
      assertThat(received.valid()).as("signed with the development token over the public URL").isTrue();
      assertThat(received.params()).containsEntry("ButtonPayload", "CONFIRM")
          .containsEntry("From", "whatsapp:" + Contracts.JUAN_PHONE)
          .containsEntry("OriginalRepliedMessageSid", "SB0001");
      assertThat(browser.findElement(By.cssSelector(".bubble.out")).getText()).startsWith("Confirme su cita");
      chromium.screenshot("phone-after");
    }
  }

  private static LocalDate today() {
    return LocalDate.parse(web.get().uri("/api/console").exchange().expectBody(Map.class).returnResult()
        .getResponseBody().get("today").toString());
  }
}
