package dev.mapisync.it;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.Test;

/**
 * Account files written wrong, with a known password in them, in the runnable host: each is
 * refused with its file and line, and the password appears in no log line and no status; a
 * 50 MB file is refused unread, by name.
 */
public class AccountFileSecretsIT {

    private static final String SECRET = "MyLeakyPassw0rd";

    /** Shapes a hand-written file takes, each with the password where a mistake puts it. */
    private static final Map<String, String> SHAPES = Map.of(
            "alone", "account = alone\nhost = 127.0.0.1\nuser = ada\npassword =\n" + SECRET + "\n",
            "spaced", "account = spaced\nhost = 127.0.0.1\nuser = ada\npassword = x\nMyLeaky Passw0rd\n",
            "typed", "account = typed\nhost = 127.0.0.1\nuser = ada\npassword = x\nport = " + SECRET + "\n",
            "chosen", "account = chosen\nhost = 127.0.0.1\nuser = ada\npassword = x\nsecurity = " + SECRET + "\n",
            "escaped", "account = escaped\nhost = 127.0.0.1\nuser = ada\npassword = \\u12" + SECRET + "\n",
            "twice", "account = twice\nhost = 127.0.0.1\nuser = ada\n" + SECRET + " = 1\n" + SECRET + " = 2\n");

    @Test
    public void malformedFilesAreRefusedByFileAndLineAndThePasswordShowsNowhere() throws Exception {
        int port = RunnableHost.freePort();
        try (RunnableHost host = new RunnableHost("-Dorg.osgi.service.http.port=" + port)) {
            host.awaitReady();
            for (Map.Entry<String, String> shape : SHAPES.entrySet()) {
                host.write("etc/dev.mapisync.store.imap-" + shape.getKey() + ".cfg", shape.getValue());
            }
            try (OutputStream out = Files.newOutputStream(host.home.resolve("etc/dev.mapisync.store.imap-huge.cfg"))) {
                byte[] line = ("# " + "x".repeat(1020) + "\n").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 50 * 1024; i++) {
                    out.write(line);
                }
                out.write(("password = " + SECRET + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            for (String name : SHAPES.keySet()) {
                Await.until(name + " is refused with its file and line", Duration.ofSeconds(30),
                        () -> host.seen("etc/dev.mapisync.store.imap-" + name + ".cfg line ", "is not applied"),
                        () -> host.output);
            }
            Await.until("the 50 MB file is refused unread, by name", Duration.ofSeconds(30),
                    () -> host.seen("etc/dev.mapisync.store.imap-huge.cfg", "larger than 1024 KiB"), () -> host.output);
            HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/mapisync/api/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(status.body(), status.statusCode() == 200);
            for (String part : new String[] {SECRET, "Leaky", "Passw0rd"}) {
                assertFalse("no log line shows the password: " + host.output,
                        host.output.stream().anyMatch(l -> l.contains(part)));
                assertFalse("the status does not: " + status.body(), status.body().contains(part));
            }
            assertFalse("no store was made of them", status.body().contains("imap:"));
            host.output.stream().filter(l -> l.contains("dev.mapisync.store.imap-")).forEach(System.out::println);
        }
    }
}
