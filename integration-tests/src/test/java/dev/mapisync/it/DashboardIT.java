package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.mapisync.it.providers.MinuteStore;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import dev.mapisync.it.providers.UnreachableStore;
import dev.mapisync.it.providers.WellBehavedStore;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard of the runnable host with test stores, through its JSON API and in Debian's
 * headless Chromium (driven by Debian's chromedriver; nothing is downloaded): Send/Receive
 * advances the bars to done, a failing store's error text shows, a slow sync is cancelled, and
 * a screenshot is saved (target/dashboard.png).
 */
public class DashboardIT {

    private static RunnableHost host;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeClass
    public static void startHost() throws Exception {
        int port = RunnableHost.freePort();
        host = new RunnableHost("-Dorg.osgi.service.http.port=" + port);
        base = "http://127.0.0.1:" + port + "/mapisync/";
        host.awaitReady();
        try (InputStream jar = TestBundles.providerJar("test.store.dashboard", "1.2.3", WellBehavedStore.class,
                UnreachableStore.class, MinuteStore.class, TestStore.class, TestHandle.class)) {
            host.deploy("stores.jar", jar);
        }
        Await.until("the dashboard lists the three stores", Duration.ofSeconds(30), () -> {
            try {
                HttpResponse<String> stores = get("api/stores", null);
                return stores.statusCode() == 200 && stores.body().contains("WellBehavedStore")
                        && stores.body().contains("UnreachableStore") && stores.body().contains("MinuteStore");
            } catch (AssertionError notListeningYet) {
                // The HTTP server starts a moment after the host says it is ready.
                return false;
            }
        }, () -> host.output);
    }

    @AfterClass
    public static void stopHost() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void theJsonApiAnswersWithCodesAndClearErrors() throws Exception {
        assertResponse(get("api/stores", null), 200, "\"provider\":\"test.store.dashboard\",\"providerVersion\":\"1.2.3\"");
        assertResponse(get("api/status", null), 200, "\"tasks\":[");
        assertResponse(get("api/outbox", null), 200, "[]");
        assertResponse(post("api/sync?store=nope"), 404, "\"error\":\"no store with id \\\"nope\\\"");
        assertResponse(post("api/sync?store=WellBehavedStore&flags=DOWNLOAD_CONTENTS,bogus"), 400, "unknown flag 'bogus'");
        assertResponse(post("api/cancel"), 400, "parameter 'store' is missing");
        assertResponse(post("api/outbox/retry?id=nothing-here"), 404, "no message");
        assertResponse(get("api/sync", null), 405, "use POST");
        assertResponse(get("api/nothing", null), 404, "no API at /nothing");
        assertResponse(post("api/sync?store=WellBehavedStore&flags=DOWNLOAD_CONTENTS"), 200, "\"started\":1");
    }

    @Test
    public void theAccessTokenOnceSetIsRequired() throws Exception {
        host.write("etc/dev.mapisync.dashboard.cfg", "accessToken = t0ken-for-test\n");
        try {
            Await.until("the token applies", () -> get("api/stores", null).statusCode() == 401, () -> host.output);
            assertResponse(get("api/stores", null), 401, "needs its access token");
            assertResponse(get("api/stores", "wrong"), 401, "needs its access token");
            assertResponse(get("api/stores", "t0ken-for-test"), 200, "WellBehavedStore");
            assertResponse(get("api/stores?token=t0ken-for-test", null), 401, "open the page once");

            // The page opened with the token: sent on without it, the token kept in a cookie no script reads.
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "?token=t0ken-for-test"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(page.body(), 303, page.statusCode());
            assertEquals("/mapisync/", page.headers().firstValue("Location").orElse(""));
            String cookie = page.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(cookie, cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
            assertFalse("the cookie does not show the token as typed", cookie.contains("t0ken-for-test"));
            HttpResponse<String> withCookie = HTTP.send(HttpRequest.newBuilder(URI.create(base + "api/stores"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
            assertResponse(withCookie, 200, "WellBehavedStore");
            assertTrue("the token is in no output", host.output.stream().noneMatch(l -> l.contains("t0ken-for-test")));
        } finally {
            Files.delete(host.home.resolve("etc/dev.mapisync.dashboard.cfg"));
            Await.until("the token is gone", () -> get("api/stores", null).statusCode() == 200, () -> host.output);
        }
    }

    @Test
    public void aTokenThatDoesNotResolveClosesTheDashboardAndIsNeverTheSecret() throws Exception {
        host.write("etc/dev.mapisync.dashboard.cfg", "accessToken = $[secret:no-such-file]\n");
        try {
            Await.until("the dashboard closes", () -> get("api/stores", null).statusCode() == 503, () -> host.output);
            assertResponse(get("api/stores", null), 503, "did not resolve");
            assertResponse(get("", null), 503, "the dashboard is closed");
            assertResponse(get("api/stores", "$[secret:no-such-file]"), 503, "did not resolve");
            Await.until("and the log says why", () -> host.seen("dashboard is closed", "$[secret:no-such-file]"),
                    () -> host.output);
        } finally {
            Files.delete(host.home.resolve("etc/dev.mapisync.dashboard.cfg"));
            Await.until("open again", () -> get("api/stores", null).statusCode() == 200, () -> host.output);
        }
    }

    @Test
    public void theDialogShowsProgressErrorsAndCancels() throws Exception {
        WebDriver browser = Chromium.start(List.of("--window-size=1400,900"));
        try {
            WebDriverWait wait = open(browser);
            wait.until(b -> row(b, "WellBehavedStore") != null && b.findElement(By.id("connection")).getText().equals("live"));
            ((JavascriptExecutor) browser).executeScript("window.loadedOnce = true;");

            browser.findElement(By.id("send-receive-all")).click();
            wait.until(b -> "SUCCESS".equals(status(b, "WellBehavedStore")) && bar(b, "WellBehavedStore", "value") != null
                    && bar(b, "WellBehavedStore", "value").equals(bar(b, "WellBehavedStore", "max")));
            wait.until(b -> row(b, "UnreachableStore").getText().contains(UnreachableStore.ERROR)
                    && "NETWORK".equals(status(b, "UnreachableStore")));

            // Send/Receive all started the minute-long one too: its bar moves, then the user cancels it.
            int seen = wait.until(b -> {
                int value = Integer.parseInt(bar(b, "MinuteStore", "value"));
                return value >= 3 ? value : null;
            });
            wait.until(b -> Integer.parseInt(bar(b, "MinuteStore", "value")) > seen);
            wait.until(b -> {
                row(b, "MinuteStore").findElement(By.cssSelector("button[data-action=cancel]")).click();
                return true;
            });
            wait.until(b -> "CANCELLED".equals(status(b, "MinuteStore")));
            assertEquals("updates came without a reload", Boolean.TRUE,
                    ((JavascriptExecutor) browser).executeScript("return window.loadedOnce === true;"));

            Path screenshot = Path.of("target", "dashboard.png");
            Files.createDirectories(screenshot.getParent());
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                    StandardCopyOption.REPLACE_EXISTING);
            assertTrue(Files.size(screenshot) > 0);
        } finally {
            browser.quit();
        }
    }

    @Test
    public void theEventStreamSendsTheTableOnceThenOnlyTheRowsThatChange() throws Exception {
        Await.until("no store runs", Duration.ofSeconds(90), () -> {
            String stores = get("api/stores", null).body();
            return !stores.contains("\"RUNNING\"") && !stores.contains("\"QUEUED\"");
        }, () -> host.output);
        BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> stream = HTTP.send(HttpRequest.newBuilder(URI.create(base + "events")).build(),
                HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            String name = null;
            for (Iterator<String> lines = stream.body().iterator(); lines.hasNext();) {
                String line = lines.next();
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new String[] {name, line.substring(6)});
                }
            }
        }, "event-stream-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String[] first = events.poll(20, TimeUnit.SECONDS);
            assertEquals("snapshot", first[0]);
            for (String id : List.of("WellBehavedStore", "UnreachableStore", "MinuteStore")) {
                assertTrue(first[1], first[1].contains("\"id\":\"" + id + "\""));
            }
            assertResponse(post("api/sync?store=WellBehavedStore&flags=DOWNLOAD_CONTENTS"), 200, "\"started\":1");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean done = false;
            int changes = 0;
            while (!done && System.nanoTime() < deadline) {
                String[] event = events.poll(1, TimeUnit.SECONDS);
                if (event == null) {
                    continue;
                }
                assertEquals(event[1], "changes", event[0]);
                changes++;
                assertFalse("only the store that syncs is pushed: " + event[1], event[1].contains("UnreachableStore")
                        || event[1].contains("MinuteStore"));
                done = event[1].contains("\"id\":\"WellBehavedStore\"") && event[1].contains("\"state\":\"IDLE\"");
            }
            assertTrue("the sync's end was pushed (" + changes + " changes events)", done);
        } finally {
            stream.body().close();
        }
    }

    @Test
    public void theSummaryCountsTheRowsAndTheFilterPicksThem() throws Exception {
        WebDriver browser = Chromium.start(List.of("--window-size=1400,900"));
        try {
            WebDriverWait wait = open(browser);
            wait.until(b -> b.findElement(By.id("summary")).getText().startsWith("3 stores, 0 transports"));
            browser.findElement(By.id("filter")).sendKeys("minute");
            wait.until(b -> row(b, "MinuteStore").isDisplayed() && !row(b, "WellBehavedStore").isDisplayed()
                    && !row(b, "UnreachableStore").isDisplayed()
                    && b.findElement(By.id("summary")).getText().endsWith("(1 shown)"));
            browser.findElement(By.id("filter")).clear();
            assertResponse(post("api/sync?store=UnreachableStore"), 200, "\"started\":1");
            wait.until(b -> "NETWORK".equals(status(b, "UnreachableStore")));
            new Select(browser.findElement(By.id("standing"))).selectByValue("failed");
            wait.until(b -> row(b, "UnreachableStore").isDisplayed() && !row(b, "MinuteStore").isDisplayed()
                    && !row(b, "WellBehavedStore").isDisplayed());
            assertEquals("failed", row(browser, "UnreachableStore").getAttribute("data-standing"));
        } finally {
            browser.quit();
        }
    }

    /** Opens the page; @return a wait of 20 s that looks again when a row was redrawn under it */
    private static WebDriverWait open(WebDriver browser) {
        browser.get(base);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static WebElement row(WebDriver browser, String id) {
        return browser.findElements(By.cssSelector("tr[data-id='" + id + "']")).stream().findFirst().orElse(null);
    }

    private static String status(WebDriver browser, String id) {
        WebElement row = row(browser, id);
        return row == null ? null : row.findElements(By.cssSelector("[data-status]")).stream().findFirst()
                .map(e -> e.getAttribute("data-status")).orElse(null);
    }

    private static String bar(WebDriver browser, String id, String attribute) {
        WebElement row = row(browser, id);
        return row == null ? null : row.findElement(By.tagName("progress")).getAttribute(attribute);
    }

    private static HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + ": " + e, e);
        }
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody())
                .header("X-Mapisync-Request", "test")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertResponse(HttpResponse<String> response, int code, String part) {
        assertEquals(response.uri() + ": " + response.body(), code, response.statusCode());
        assertTrue(response.uri() + ": " + response.body(), response.body().contains(part));
        if (code >= 400) {
            assertTrue("errors are JSON: " + response.headers().firstValue("content-type"),
                    response.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        }
    }
}
