package dev.agentbank.mcp.web;

import dev.agentbank.fraud.model.Resolution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driving the dashboard as an analyst would: each method is one thing an analyst does and waits
 * for the page to show it. Reusable by any test that has a dashboard URL and an analyst token.
 */
public final class DashboardBrowser implements AutoCloseable {
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final URI dashboard;
    private final Path profile;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    /** Skips the calling test when this machine has no chromedriver. */
    public static DashboardBrowser open(URI dashboard) {
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER), "no " + CHROMEDRIVER + ": install chromium-driver to run browser tests");
        return new DashboardBrowser(dashboard);
    }

    private DashboardBrowser(URI dashboard) {
        this.dashboard = dashboard;
        try {
            this.profile = Files.createTempDirectory("dashboard-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 1000));
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        wait.withMessage(() -> "on " + driver.getCurrentUrl() + ": " + driver.findElement(By.tagName("body")).getText());
    }

    public void signIn(String token) {
        driver.get(dashboard.resolve("signin").toString());
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.id("signin")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
    }

    /** Signs in and returns the refusal the page shows. */
    public String signInRefused(String token) {
        driver.get(dashboard.resolve("signin").toString());
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.id("signin")).click();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-error"))).getText();
    }

    public void openQueue() {
        driver.get(dashboard.toString());
        waitUntilLive();
    }

    /** Waits until the queue's event stream is connected, so nothing raised after this is missed. */
    public void waitUntilLive() {
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    }

    /** Waits for the alert's row in the queue, without reloading, and returns its text. */
    public String waitForRow(long alertId) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("alert-" + alertId))).getText();
    }

    public List<String> queueIds() {
        return driver.findElements(By.cssSelector("#queue tbody tr")).stream().map(row -> row.getAttribute("id")).toList();
    }

    public void openAlert(long alertId) {
        driver.findElement(By.cssSelector("#alert-" + alertId + " a")).click();
        wait.until(ExpectedConditions.titleContains("Alert " + alertId));
    }

    public void assignToMe() {
        submit("do-assign");
    }

    public void addNote(String text) {
        driver.findElement(By.id("note-text")).sendKeys(text);
        submit("do-note");
    }

    public void close(Resolution resolution, String reason) {
        new Select(driver.findElement(By.id("close-resolution"))).selectByValue(resolution.name());
        driver.findElement(By.id("close-reason")).sendKeys(reason);
        submit("do-close");
    }

    public void freeze(String reason) {
        driver.findElement(By.id("freeze-reason")).sendKeys(reason);
        submit("do-freeze");
    }

    /** The message the last action left on the page. */
    public String flash() {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.flash"))).getText();
    }

    public List<String> notes() {
        return driver.findElements(By.cssSelector("#notes li .note-text")).stream().map(WebElement::getText).toList();
    }

    public String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    public void openCharts() {
        driver.get(dashboard.resolve("charts").toString());
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-charts-ready", "true"));
    }

    public void signOut() {
        driver.findElement(By.id("signout")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token")));
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** The browser's console errors (a CSP violation shows up here). */
    public List<String> consoleErrors() {
        return driver.manage().logs().get("browser").getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Saves a PNG of the page under target/screenshots/. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void submit(String buttonId) {
        WebElement button = driver.findElement(By.id(buttonId));
        button.click();
        wait.until(ExpectedConditions.stalenessOf(button));
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
