package org.contactability.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium driven through chromedriver, headless, with a fresh profile. A test that needs it
 * is skipped (an unmet assumption) only where chromium or chromedriver is not installed.
 */
public final class Chromium implements AutoCloseable {

  static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
  private static final String DOWNLOADS = "downloads";

  private final WebDriver browser;
  private final Path profile;

  private Chromium(WebDriver browser, Path profile) {
    this.browser = browser;
    this.profile = profile;
  }

  /** @param size window size, e.g. "1280,900" for a laptop or "390,844" for a phone */
  public static Chromium open(String size) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER),
        "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    Path profile = Files.createTempDirectory("chromium-profile-");
    Files.createDirectories(profile.resolve(DOWNLOADS));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=" + size);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    // Headless Chromium saves downloads only where DevTools says.
    chrome.executeCdpCommand("Page.setDownloadBehavior", java.util.Map.of("behavior", "allow",
        "downloadPath", profile.resolve(DOWNLOADS).toString()));
    return new Chromium(chrome, profile);
  }

  /**
   * Every request of this browser carries {@code name: value} from now on: a bearer token for a page whose
   * tests run no identity provider to log in at.
   */
  public void sendWithEveryRequest(String name, String value) {
    ChromeDriver chrome = (ChromeDriver) browser();
    chrome.executeCdpCommand("Network.enable", java.util.Map.of());
    chrome.executeCdpCommand("Network.setExtraHTTPHeaders", java.util.Map.of("headers", java.util.Map.of(name, value)));
  }

  /** Where the files this browser downloads land (inside its profile: gone once it is closed). */
  public Path downloads() {
    return profile.resolve(DOWNLOADS);
  }

  public WebDriver browser() {
    return browser;
  }

  /**
   * A wait that looks elements up again when the page has replaced them: the console and the phone
   * page redraw their tables and bubbles on every server-sent event, so an element found a moment
   * ago may be gone by the time its text is read.
   */
  public WebDriverWait waitUpTo(Duration patience) {
    WebDriverWait wait = new WebDriverWait(browser, patience);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** Kept under target/screenshots for a person to look at. */
  public void screenshot(String name) throws IOException {
    Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(target.getParent());
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws IOException {
    browser.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
