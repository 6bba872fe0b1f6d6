package org.contactability.response.adapters.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.contactability.contracts.appointment.Appointment;
import org.contactability.contracts.appointment.DecisionType;
import org.contactability.contracts.common.Channel;
import org.contactability.response.support.Fixtures;
import org.contactability.response.support.LiveService;
import org.contactability.schemas.topics.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The answer page in a real browser (Debian's chromium driven through chromedriver), on a phone-sized
 * window: a patient opens the link of an SMS, reads the appointment, presses Cancel and sees that it
 * was cancelled. Skipped, as an unmet assumption, only where chromium or chromedriver is not installed.
 */
class AnswerPageBrowserTest extends LiveService {

  static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));

  WebDriver browser;
  Path profile;
  String appointmentId;
  String token;

  @BeforeEach
  void aBrowserAndAnAppointmentWithALink() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    profile = Files.createTempDirectory("chromium-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=390,844");
    ChromeDriverService driver = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    browser = new ChromeDriver(driver, options);

    String n = Long.toString(System.nanoTime() % 100_000_000L);
    appointmentId = "br-" + n;
    token = ("Br" + n + "xxxxxxxxxxxxxxxx").substring(0, 16);
    Appointment appointment = Fixtures.appointment(appointmentId, daysAhead(7, 11));
    publish(Topics.APPOINTMENTS, appointmentId, appointment);
    publish(Topics.CONTACT_REQUESTS, appointmentId,
        Fixtures.reminder(appointmentId + ":reminder:SMS", appointment, Channel.SMS, token, now()));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        directory.requestByToken(token).isPresent() && directory.appointment(appointmentId).isPresent());
  }

  @AfterEach
  void closeTheBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  void a_patient_opens_the_link_sees_the_appointment_presses_cancel_and_sees_it_cancelled() throws IOException {
    browser.get("http://localhost:" + port + "/r/" + token);

    assertThat(browser.getTitle()).startsWith("Su cita");
    String details = browser.findElement(By.cssSelector("dl.details")).getText();
    assertThat(details).contains("Medicina Interna").contains("Dra. Juanita Pérez Mellado")
        .contains("Centro de Especialidades").contains("11:00");
    assertThat(browser.findElement(By.tagName("footer")).getText())
        .contains("Nunca le pediremos claves ni datos personales.");
    List<String> buttons = browser.findElements(By.tagName("button")).stream().map(b -> b.getText()).toList();
    assertThat(buttons).containsExactly("Confirme su cita", "Cancele su cita");
    assertThat(browser.findElement(By.cssSelector("button.yes")).getCssValue("background-color"))
        .as("the stylesheet loaded").isEqualTo("rgba(29, 107, 51, 1)");
    screenshot("before");

    browser.findElement(By.xpath("//button[normalize-space()='Cancele su cita']")).click();

    new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
    assertThat(browser.findElement(By.id("notice")).getText()).startsWith("Su cita fue cancelada.");
    assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Su cita está cancelada.");
    assertThat(browser.findElements(By.tagName("button"))).isEmpty();
    assertThat(browser.getCurrentUrl()).contains("/r/" + token + "?respuesta=");
    screenshot("after");
    assertThat(readFirst(Topics.APPOINTMENT_DECISIONS, "the cancellation", r -> appointmentId.equals(r.key()))
        .value().getType()).isEqualTo(DecisionType.CANCELLED_BY_PATIENT);
  }

  /** Kept under target/ for a person to look at. */
  private void screenshot(String name) throws IOException {
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", "screenshots", "answer-page-" + name + ".png");
    Files.createDirectories(target.getParent());
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
  }
}
