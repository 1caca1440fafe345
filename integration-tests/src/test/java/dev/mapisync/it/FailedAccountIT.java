package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.Test;

/**
 * Accounts their provider refuses at activation (plain text to a server off this machine, for
 * IMAP and for SMTP) show as rows with the account, the setting at fault and a one-line
 * reason in the status, the shell and the page's data; the log says it in one line each, with
 * no stack trace.
 */
public class FailedAccountIT {

    @Test
    public void accountsThatCannotStartAreShownWithTheirReasonInOneLine() throws Exception {
        int port = RunnableHost.freePort();
        try (RunnableHost host = new RunnableHost("-Dorg.osgi.service.http.port=" + port)) {
            host.awaitReady();
            host.write("etc/dev.mapisync.store.imap-clear.cfg", "account = clear\nhost = mail.example.org\n"
                    + "security = NONE\nuser = ada\npassword = x\n");
            host.write("etc/dev.mapisync.transport.smtp-faraway.cfg", "account = faraway\nhost = smtp.example.org\n"
                    + "security = NONE\nuser = ada\npassword = x\n");
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest status = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mapisync/api/status"))
                    .build();
            Await.until("both show in the status with their reason", Duration.ofSeconds(30), () -> {
                String body = send(http, status);
                return body.contains("account clear (dev.mapisync.store.imap~clear) cannot start: IMAP account clear: "
                        + "security NONE") && body.contains("account faraway (dev.mapisync.transport.smtp~faraway) "
                        + "cannot start: SMTP account faraway: security NONE");
            }, () -> send(http, status));
            host.ask("mapisync:stores", "cannot run: dev.mapisync.store.imap", "account clear");
            assertTrue("and the shell has the SMTP account too: " + host.output,
                    host.seen("cannot run: dev.mapisync.transport.smtp", "account faraway", "security NONE"));
            assertEquals("one log line for the IMAP account: " + host.output, 1, host.output.stream()
                    .filter(l -> l.contains("IMAP account clear: security NONE") && !l.contains("cannot run:")).count());
            assertEquals("no stack trace: " + host.output, 0, host.output.stream().filter(l -> l.startsWith("\tat ")
                    || l.startsWith("Caused by:")).count());
        }
    }

    private static String send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
