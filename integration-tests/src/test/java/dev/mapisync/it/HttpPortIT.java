package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/**
 * The dashboard's HTTP server listens where its configuration says, from the first moment:
 * with etc/org.apache.felix.http.cfg naming a port, nothing ever listens on the default 8025,
 * not even while the host starts; with nothing said, it listens on 127.0.0.1:8025.
 */
public class HttpPortIT {

    private static final int DEFAULT_PORT = 8025;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    public void aPortNamedInEtcIsTheOnlyOneEverListenedOn() throws Exception {
        assertTrue("nothing else holds " + DEFAULT_PORT + " on this machine", !listens(DEFAULT_PORT));
        Path home = Files.createTempDirectory("mapisync-http-port");
        int port = RunnableHost.freePort();
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.apache.felix.http.cfg"), "org.osgi.service.http.port = " + port + "\n");
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger answeredOnDefault = new AtomicInteger();
        Thread watcher = new Thread(() -> {
            // Bounded by the test: it stops watching once the dashboard answers on its port (at most 60 s).
            for (int i = 0; i < 60_000 && watching.get(); i++) {
                if (listens(DEFAULT_PORT)) {
                    answeredOnDefault.incrementAndGet();
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "port-watcher");
        watcher.start();
        try (RunnableHost host = new RunnableHost(home)) {
            host.awaitReady();
            Await.until("the dashboard answers on the port etc/ names", Duration.ofSeconds(60),
                    () -> answers(port), () -> host.output);
        } finally {
            watching.set(false);
            watcher.join(10_000);
        }
        assertEquals("nothing listened on " + DEFAULT_PORT + " while the host started", 0, answeredOnDefault.get());
    }

    @Test
    public void withNothingSaidTheDashboardIsOnLoopbackAtTheDefaultPort() throws Exception {
        assertTrue("nothing else holds " + DEFAULT_PORT + " on this machine", !listens(DEFAULT_PORT));
        try (RunnableHost host = new RunnableHost(Files.createTempDirectory("mapisync-http-default"))) {
            host.awaitReady();
            Await.until("the dashboard answers on 127.0.0.1:" + DEFAULT_PORT, Duration.ofSeconds(60),
                    () -> answers(DEFAULT_PORT), () -> host.output);
            assertTrue(host.output.toString(), host.seen("mapisync dashboard: http://127.0.0.1:" + DEFAULT_PORT));
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mapisync/api/stores"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
