package org.contactability.platform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.contactability.platform.e2e.StoryData.phone;
import static org.contactability.platform.e2e.StoryData.suffix;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

import org.contactability.common.Rut;
import org.contactability.his.reference.EstadoCita;
import org.contactability.his.reference.NewAppointment;
import org.contactability.his.reference.NewPatient;
import org.contactability.his.reference.NewProfessional;
import org.contactability.his.reference.NewSite;
import org.contactability.his.reference.ReferenceHis;
import org.contactability.his.reference.TipoPrestacion;
import org.contactability.testkit.Chromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The console and the patient-phone page of the running platform, in headless Chromium. */
class PlatformInTheBrowserTest {

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final Duration PATIENCE = Duration.ofSeconds(90);

  static RunningPlatform platform;
  static ReferenceHis his;

  @BeforeAll
  static void start() {
    platform = RunningPlatform.get();
    his = platform.his;
  }

  @Test
  void the_funnel_on_the_console_counts_a_booking_made_in_the_his_without_a_reload() throws Exception {
    long site = his.addSite(new NewSite("HCHM", "Embudo " + suffix(), "Francisco Ramírez 10", "Chillán"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dr.", "Tomás", "Vidal", "Soto", "Dermatología"));
    long patient = his.addPatient(new NewPatient(rut(), "Sofía", "Navarro", "Pinto", null, phone(), null));
    LocalDate day = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(2);
    try (Chromium chromium = Chromium.open("1280,900")) {
      WebDriver browser = chromium.browser();
      WebDriverWait wait = chromium.waitUpTo(PATIENCE);
      browser.get(platform.endpoints().console());
      logIn(browser, wait, "viewer");
      wait.until(b -> "En vivo".equals(b.findElement(By.id("live")).getText()));
      By booked = By.cssSelector("td[data-day='" + day + "'][data-metric='booked']");
      wait.until(b -> !b.findElements(booked).isEmpty());
      int before = Integer.parseInt(wait.until(b -> b.findElement(booked).getText()));

      his.book(new NewAppointment(patient, doctor, site, "Dermatología", day.atTime(LocalTime.of(15, 40)), 20,
          TipoPrestacion.CONTROL, null));

      wait.until(b -> Integer.toString(before + 1).equals(b.findElement(booked).getText()));
      chromium.screenshot("platform-funnel-after-booking");
    }
  }

  @Test
  void a_tap_on_confirm_in_the_phone_page_confirms_in_the_his_and_shows_on_the_timeline() throws Exception {
    long site = his.addSite(new NewSite("HCHM", "Teléfono " + suffix(), "Francisco Ramírez 10", "Chillán"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dra.", "Irene", "Bustos", "Lagos", "Ginecología"));
    String phone = phone();
    long patient = his.addPatient(new NewPatient(rut(), "Valentina", "Reyes", "Castro", null, phone, null));
    LocalDateTime start = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(6).atTime(LocalTime.of(10, 0));
    long appointment = his.book(new NewAppointment(patient, doctor, site, "Ginecología", start, 20,
        TipoPrestacion.CONTROL, null));
    Instant reminder = start.atZone(SANTIAGO).toInstant().minus(Duration.ofHours(96));
    platform.advanceClockTo(reminder.plusSeconds(60));

    try (Chromium chromium = Chromium.open("390,844")) {
      WebDriver browser = chromium.browser();
      WebDriverWait wait = chromium.waitUpTo(PATIENCE);
      browser.get(platform.endpoints().console() + "telefonos");
      logIn(browser, wait, "operator");
      wait.until(b -> b.findElement(By.id("patient-search")).isDisplayed());
      browser.findElement(By.id("patient-query")).sendKeys("Valentina Reyes Castro");
      browser.findElement(By.cssSelector("#patient-search button")).click();
      By patientButton = By.xpath("//button[.//span[normalize-space()='Valentina Reyes Castro']]");
      click(wait, patientButton);
      wait.until(b -> b.findElements(By.xpath("//button[normalize-space()='Confirme su cita']")).size() == 1);
      wait.until(b -> b.findElement(By.cssSelector(".bubble.in")).getText().contains("Dra. Irene Bustos Lagos"));

      click(wait, By.xpath("//button[normalize-space()='Confirme su cita']"));
      wait.until(b -> b.findElement(By.id("phone-message")).getText().equals("Respuesta entregada al hospital."));
      chromium.screenshot("platform-phone-after-confirm");
    }

    try (Chromium chromium = Chromium.open("1280,900")) {
      WebDriver browser = chromium.browser();
      WebDriverWait wait = chromium.waitUpTo(PATIENCE);
      browser.get(platform.endpoints().console());
      logIn(browser, wait, "viewer");
      wait.until(b -> b.findElement(By.id("query")).isDisplayed());
      browser.findElement(By.id("query")).sendKeys(Long.toString(appointment));
      browser.findElement(By.cssSelector("#search button")).click();
      wait.until(b -> b.findElement(By.id("timeline-entries")).getText().contains("CONFIRMED"));
      chromium.screenshot("platform-timeline-after-confirm");
    }
    org.awaitility.Awaitility.await().atMost(PATIENCE)
        .until(() -> his.findAppointment(appointment).orElseThrow().status() == EstadoCita.CONFIRMADA);
  }

  @Test
  void an_operator_sees_a_patients_data_with_a_reason_and_the_administrator_finds_the_view_in_the_audit() throws Exception {
    long site = his.addSite(new NewSite("HCHM", "Auditoría " + suffix(), "Francisco Ramírez 10", "Chillán"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dr.", "Andrés", "Muñoz", "Vera", "Traumatología"));
    String phone = phone();
    long patient = his.addPatient(new NewPatient(rut(), "Catalina", "Fuentes", "Rojas", null, phone, null));
    LocalDateTime start = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(5).atTime(LocalTime.of(9, 20));
    long appointment = his.book(new NewAppointment(patient, doctor, site, "Traumatología", start, 20,
        TipoPrestacion.CONTROL, null));
    String reason = "Paciente pide confirmar su correo por teléfono";

    try (Chromium chromium = Chromium.open("1280,900")) {
      WebDriver browser = chromium.browser();
      WebDriverWait wait = chromium.waitUpTo(PATIENCE);
      browser.get(platform.endpoints().console());
      logIn(browser, wait, "operator");
      wait.until(b -> b.findElement(By.id("query")).isDisplayed());
      // the enriched view (with the patient's sealed data) follows the booking by a moment: search until it shows
      wait.until(b -> {
        if (b.findElement(By.id("timeline-entries")).getText().contains("Vista")) {
          return true;
        }
        b.findElement(By.id("query")).clear();
        b.findElement(By.id("query")).sendKeys(Long.toString(appointment));
        b.findElement(By.cssSelector("#search button")).click();
        return false;
      });
      assertThat(browser.findElement(By.id("timeline-summary")).getText()).doesNotContain("Catalina");
      browser.findElement(By.id("patient-reason")).sendKeys(reason);
      browser.findElement(By.cssSelector("#patient-data button")).click();
      wait.until(b -> b.findElement(By.id("patient-clear-fields")).getText().contains("Catalina Fuentes Rojas"));
      assertThat(browser.findElement(By.id("patient-clear-fields")).getText()).contains(phone);
      chromium.screenshot("platform-patient-clear-data");
      browser.findElement(By.id("patient-hide")).click();
      wait.until(b -> !b.findElement(By.id("patient-clear")).isDisplayed());
      assertThat(browser.findElement(By.id("auditoria")).isDisplayed()).as("an operator has no audit page").isFalse();
    }

    try (Chromium chromium = Chromium.open("1280,900")) {
      WebDriver browser = chromium.browser();
      WebDriverWait wait = chromium.waitUpTo(PATIENCE);
      browser.get(platform.endpoints().console());
      logIn(browser, wait, "admin");
      wait.until(b -> b.findElement(By.id("auditoria")).isDisplayed());
      // the console reads the event back from audit.events: search until the filtered list shows it
      By view = By.xpath("//table[@id='audit']//tbody/tr[contains(., '" + reason + "')]");
      wait.until(b -> {
        if (!b.findElements(view).isEmpty() && b.findElements(By.cssSelector("#audit tbody tr")).size() == 1) {
          return true;
        }
        b.findElement(By.id("audit-patient")).clear();
        b.findElement(By.id("audit-patient")).sendKeys(Long.toString(patient));
        b.findElement(By.id("audit-what")).clear();
        b.findElement(By.id("audit-what")).sendKeys("PATIENT_DATA_VIEW");
        b.findElement(By.cssSelector("#audit-search button")).click();
        return false;
      });
      String row = browser.findElement(view).getText();
      assertThat(row).contains("operator").contains("vio datos del paciente").contains("cita " + appointment)
          .contains("Permitido").doesNotContain("Catalina").doesNotContain(phone);
      chromium.screenshot("platform-audit-page");
    }
  }

  @Test
  void an_operator_erases_a_patient_from_the_timeline_once_confirmed_and_a_viewer_is_not_offered_it() throws Exception {
    long site = his.addSite(new NewSite("HCHM", "Borrado " + suffix(), "Francisco Ramírez 10", "Chillán"));
    long doctor = his.addProfessional(new NewProfessional(null, "Dr.", "Andrés", "Molina", "Vera", "Urología"));
    long patient = his.addPatient(new NewPatient(rut(), "Ignacio", "Fuentes", "Rojas", null, phone(), null));
    LocalDateTime start = LocalDate.ofInstant(platform.now(), SANTIAGO).plusDays(5).atTime(LocalTime.of(11, 20));
    long appointment = his.book(new NewAppointment(patient, doctor, site, "Urología", start, 20,
        TipoPrestacion.CONTROL, null));

    try (Chromium chromium = Chromium.open("1280,900")) {
      WebDriver browser = chromium.browser();
      WebDriverWait wait = chromium.waitUpTo(PATIENCE);
      browser.get(platform.endpoints().console());
      logIn(browser, wait, "viewer");
      openTimeline(browser, wait, appointment);
      assertThat(browser.findElement(By.id("erasure")).isDisplayed()).as("offered to a viewer").isFalse();
    }

    try (Chromium chromium = Chromium.open("1280,900")) {
      WebDriver browser = chromium.browser();
      WebDriverWait wait = chromium.waitUpTo(PATIENCE);
      browser.get(platform.endpoints().console());
      logIn(browser, wait, "operator");
      openTimeline(browser, wait, appointment);
      wait.until(b -> b.findElement(By.id("erase-patient")).isDisplayed());
      browser.findElement(By.id("erase-patient")).click();
      wait.until(b -> b.findElement(By.id("erase-confirm")).isDisplayed());
      assertThat(browser.findElement(By.id("erase-question")).getText())
          .contains("paciente " + patient).contains("Su ficha en el HIS no cambia");
      browser.findElement(By.id("erase-no")).click();
      wait.until(b -> !b.findElement(By.id("erase-confirm")).isDisplayed());

      browser.findElement(By.id("erase-patient")).click();
      wait.until(b -> b.findElement(By.id("erase-confirm")).isDisplayed());
      browser.findElement(By.id("erase-yes")).click();
      wait.until(b -> b.findElement(By.id("erase-message")).getText()
          .startsWith("Datos del paciente " + patient + " borrados: "));
      assertThat(browser.findElement(By.id("erasure")).isDisplayed()).isFalse();
      chromium.screenshot("platform-timeline-after-erasure");
    }
    assertThat(platform.erase(patient).body()).as("erased already: the console's keys say so")
        .contains("\"keysDestroyed\":0");
  }

  /** Searches an appointment on the console until the console knows it, and opens its timeline. */
  private static void openTimeline(WebDriver browser, WebDriverWait wait, long appointment) {
    wait.until(b -> b.findElement(By.id("query")).isDisplayed());
    wait.until(b -> {
      b.findElement(By.id("query")).clear();
      b.findElement(By.id("query")).sendKeys(Long.toString(appointment));
      b.findElement(By.cssSelector("#search button")).click();
      return b.findElement(By.id("timeline-title")).getText().equals("Cita " + appointment);
    });
  }

  /**
   * Logs in on the identity provider's page, where the console sends a browser without a session, as a
   * demo person whose password is their name; the identity provider sends the browser back to the page.
   */
  private static void logIn(WebDriver browser, WebDriverWait wait, String person) {
    wait.until(b -> !b.findElements(By.id("username")).isEmpty());
    browser.findElement(By.id("username")).sendKeys(person);
    browser.findElement(By.id("password")).sendKeys(person);
    browser.findElement(By.cssSelector("button[type=submit]")).click();
  }

  /** Clicks what {@code target} finds once it is there; pages that redraw replace elements under the driver. */
  private static void click(WebDriverWait wait, By target) {
    wait.until(b -> {
      var found = b.findElements(target);
      if (found.isEmpty()) {
        return false;
      }
      found.get(0).click();
      return true;
    });
  }

  /** RUTs of this class's patients come from a range of their own. */
  private static Rut rut() {
    return StoryData.rut(30_000_000);
  }
}
