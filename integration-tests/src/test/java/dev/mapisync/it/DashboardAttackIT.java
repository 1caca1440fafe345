package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mapisync.it.providers.MinuteStore;
import dev.mapisync.it.providers.RejectingTransport;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import dev.mapisync.it.providers.TestTransport;
import dev.mapisync.it.providers.WellBehavedStore;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard attacked from Debian's Chromium as another web page would: a page of another
 * origin tries every way a browser lets it send a request that changes something (form POSTs,
 * no-cors fetches, a fetch with the page's header, images), and a page under a foreign name
 * that resolves to 127.0.0.1 (DNS rebinding) tries to read the status. Nothing starts, nothing
 * is cancelled or retried, nothing is read.
 */
public class DashboardAttackIT {

    private static final String HELD_SUBJECT = "held for the attack";

    private static RunnableHost host;
    private static HostApi api;
    private static int port;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeClass
    public static void startHost() throws Exception {
        port = RunnableHost.freePort();
        host = new RunnableHost("-Dorg.osgi.service.http.port=" + port);
        api = new HostApi(port);
        host.awaitReady();
        try (InputStream jar = TestBundles.providerJar("test.store.attacked", "1.0.0", WellBehavedStore.class,
                MinuteStore.class, TestStore.class, TestHandle.class, RejectingTransport.class, TestTransport.class)) {
            host.deploy("attacked.jar", jar);
        }
        Await.until("the stores and the transport serve", Duration.ofSeconds(30),
                () -> api.task("WellBehavedStore").isPresent() && api.task("MinuteStore").isPresent()
                        && api.task("RejectingTransport").isPresent(), () -> host.output);
    }

    @AfterClass
    public static void stopHost() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void aPageOfAnotherOriginStartsCancelsAndRetriesNothing() throws Exception {
        String held = holdAMessage();
        int attempts = attemptsOf(held);
        api.sync("MinuteStore");
        Await.until("the minute-long sync runs", Duration.ofSeconds(30),
                () -> "RUNNING".equals(api.task("MinuteStore").map(t -> t.get("state")).orElse(null)), () -> host.output);
        Object lastRun = lastRun();

        HttpServer attacker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = attackPage("http://127.0.0.1:" + port + "/mapisync/api/", held).getBytes(StandardCharsets.UTF_8);
        attacker.createContext("/attack.html", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        attacker.start();
        WebDriver browser = Chromium.start(List.of());
        try {
            browser.get("http://127.0.0.1:" + attacker.getAddress().getPort() + "/attack.html");
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> "attacked".equals(b.getTitle()));
            String tried = browser.findElement(By.id("log")).getText();
            assertTrue("every attempt went out and came back: " + tried, tried.contains("tries 21"));
        } finally {
            browser.quit();
            attacker.stop(0);
        }
        assertEquals("no sync was started", lastRun, lastRun());
        assertEquals("none is under way", "IDLE", api.task("WellBehavedStore").orElseThrow().get("state"));
        assertEquals("the running sync was not cancelled", "RUNNING", api.task("MinuteStore").orElseThrow().get("state"));
        assertEquals("the held message was not retried", attempts, attemptsOf(held));
        api.cancel("MinuteStore");
    }

    @Test
    public void aForeignNameThatResolvesHereReadsNothing() throws Exception {
        WebDriver browser = Chromium.start(List.of("--host-resolver-rules=MAP rebind.attacker.example 127.0.0.1"));
        try {
            for (String path : List.of("mapisync/", "mapisync/api/status", "mapisync/api/stores", "mapisync/events")) {
                browser.get("http://rebind.attacker.example:" + port + "/" + path);
                String body = browser.findElement(By.tagName("body")).getText();
                assertTrue(path + " is refused: " + body, body.contains("does not answer for the host name"));
                assertFalse(path + " tells nothing: " + body, body.contains("WellBehavedStore") || body.contains("Minute"));
            }
        } finally {
            browser.quit();
        }
        // Java's HTTP client will not send a Host of its choosing: a plain socket does.
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /mapisync/api/status HTTP/1.1\r\nHost: attacker.example\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer, answer.startsWith("HTTP/1.1 421 "));
            assertFalse(answer, answer.contains("WellBehavedStore"));
        }
    }

    @Test
    public void everyAnswerForbidsFramingSniffingAndReferrers() throws Exception {
        for (String path : List.of("mapisync/", "mapisync/static/app.js", "mapisync/api/stores", "mapisync/api/nothing",
                "mapisync/nothing")) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"
                    + path)).build(), HttpResponse.BodyHandlers.ofString());
            Map<String, List<String>> headers = answer.headers().map();
            assertTrue(path + ": " + headers, answer.headers().firstValue("Content-Security-Policy").orElse("")
                    .contains("frame-ancestors 'none'"));
            assertEquals(path, "nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals(path, "no-referrer", answer.headers().firstValue("Referrer-Policy").orElse(""));
        }
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/mapisync/api/sync")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("store=WellBehavedStore")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("a form POST is refused: " + form.body(), 403, form.statusCode());
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/mapisync/api/sync?store=WellBehavedStore")).header("X-Mapisync-Request", "x")
                .header("Origin", "http://attacker.example").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("another origin is refused even with the header: " + foreign.body(), 403, foreign.statusCode());
    }

    private static Object lastRun() {
        return api.task("WellBehavedStore").orElseThrow().get("lastRun");
    }

    /** Queues a message only a rejecting transport serves and sends it: held as FAILED. @return its id */
    private static String holdAMessage() throws Exception {
        Path outbox = host.home.resolve("data/default/.Outbox");
        Path staged = host.home.resolve("1796000000.M1P1Q1.attack");
        Files.writeString(staged, "From: ada@example.org\r\nX-Mapisync-Recipient: FAX:+4930123\r\nSubject: "
                + HELD_SUBJECT + "\r\n\r\nA fax.\r\n");
        Files.move(staged, outbox.resolve("new").resolve(staged.getFileName()));
        api.send();
        Await.until("the message is held as failed", Duration.ofSeconds(30), () -> heldEntry().isPresent(),
                () -> host.output);
        return String.valueOf(heldEntry().orElseThrow().get("id"));
    }

    private static java.util.Optional<Map<String, Object>> heldEntry() {
        try {
            return api.outbox().stream().filter(e -> HELD_SUBJECT.equals(e.get("subject")) && "FAILED".equals(e.get("state")))
                    .findFirst();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    private static int attemptsOf(String id) throws Exception {
        return api.outbox().stream().filter(e -> id.equals(e.get("id"))).map(e -> ((Number) e.get("attempts")).intValue())
                .findFirst().orElseThrow();
    }

    /**
     * The attacker's page: for each endpoint that changes something, a form POST (each into a
     * frame of its own), three fetches (no-cors form body, no-cors text, cors with the page's
     * header) and an image GET, and an image of the page; it counts each attempt once it came
     * back, then says so.
     */
    private static String attackPage(String api, String held) {
        String[][] actions = {{"sync", "store=WellBehavedStore"}, {"sync", ""}, {"cancel", "store=MinuteStore"},
            {"outbox/retry", "id=" + java.net.URLEncoder.encode(held, StandardCharsets.UTF_8)}};
        StringBuilder forms = new StringBuilder();
        for (int i = 0; i < actions.length; i++) {
            forms.append("<iframe name=\"sink").append(i).append("\"></iframe><form id=\"form").append(i)
                    .append("\" method=\"POST\" target=\"sink").append(i).append("\" action=\"").append(api)
                    .append(actions[i][0]).append("\">");
            for (String pair : actions[i][1].isEmpty() ? new String[0] : actions[i][1].split("&")) {
                String[] kv = pair.split("=", 2);
                forms.append("<input name=\"").append(kv[0]).append("\" value=\"")
                        .append(java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8)).append("\">");
            }
            forms.append("</form>");
        }
        StringBuilder script = new StringBuilder("const api = '" + api + "';\nconst actions = [");
        for (String[] action : actions) {
            script.append("['").append(action[0]).append("', '").append(action[1]).append("'],");
        }
        script.append("];\n").append("""
                let tries = 0;
                const done = () => { tries++; document.getElementById('log').textContent = 'tries ' + tries;
                  if (tries === actions.length * 5 + 1) document.title = 'attacked'; };
                const attempts = [];
                for (const [path, body] of actions) {
                  attempts.push(fetch(api + path, { method: 'POST', mode: 'no-cors', body: new URLSearchParams(body) }));
                  attempts.push(fetch(api + path, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body }));
                  attempts.push(fetch(api + path, { method: 'POST', headers: { 'X-Mapisync-Request': 'page' }, body: new URLSearchParams(body) }));
                  const image = new Image();
                  attempts.push(new Promise(r => { image.onload = r; image.onerror = r; }));
                  image.src = api + path + '?' + body;
                }
                attempts.forEach(a => a.then(done, done));
                // One more image: the page itself, as a page would embed it.
                const image = new Image();
                image.onload = done; image.onerror = done;
                image.src = api + '../';
                // After the frames' first (blank) load, so that each load counted is a form's answer.
                window.addEventListener('load', () => {
                  for (let i = 0; i < actions.length; i++) {
                    document.getElementsByName('sink' + i)[0].addEventListener('load', done, { once: true });
                    document.getElementById('form' + i).submit();
                  }
                });
                """);
        return "<!doctype html><html><head><title>a page</title></head><body><p id=\"log\">tries 0</p>" + forms
                + "<script>" + script + "</script></body></html>";
    }
}
