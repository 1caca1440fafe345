package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.mapisync.transport.smtp.ScriptedSmtp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The runnable host and its SMTP transport against a server that answers as RFC 5321 lets
 * it: late, not at all, or for only some recipients. Counted on the server's side.
 */
public class SmtpServerAnswersIT {

    private Path home;

    @Before
    public void home() throws IOException {
        home = Files.createTempDirectory("mapisync-smtp-answers");
    }

    @After
    public void removeHome() throws IOException {
        try (Stream<Path> all = Files.walk(home)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    public void aFinalReplyLaterThanTheCommandTimeoutIsWaitedForAndTheMessageGoesOnce() throws Exception {
        // As the issue saw it: timeoutMillis 1000, the "." answered after 1.5 s; the server took the message 6 times.
        try (ScriptedSmtp smtp = new ScriptedSmtp().finalReplyAfter(Duration.ofMillis(1500), ScriptedSmtp.AtTheEnd.ANSWER);
                ChaosHost host = new ChaosHost(home, 0, smtp.port())) {
            smtpSettings("timeoutMillis = 1000");
            QueuedMail queued = QueuedMail.queue(home.resolve("data"), "late", 1);
            host.start();
            Await.until("it is sent and filed in Sent Items", Duration.ofSeconds(60),
                    () -> sentItems().containsAll(queued.ids()), host::output);
            assertEquals("taken once for each recipient", Map.of(queued.ids().get(0), Map.of("a@one.test", 1,
                    "b@two.test", 1)), smtp.deliveries());
        }
    }

    @Test
    public void noFinalReplyWithinTheDataTimeoutHoldsTheMessageAndItIsNotSentAgain() throws Exception {
        try (ScriptedSmtp smtp = new ScriptedSmtp().finalReplyAfter(Duration.ofSeconds(20), ScriptedSmtp.AtTheEnd.ANSWER);
                ChaosHost host = new ChaosHost(home, 0, smtp.port())) {
            smtpSettings("timeoutMillis = 1000", "dataTimeoutMillis = 1500");
            QueuedMail queued = QueuedMail.queue(home.resolve("data"), "silent", 1);
            host.start();
            Await.until("held, because the server may have it", Duration.ofSeconds(60), () -> held(host).stream()
                    .anyMatch(e -> String.valueOf(e.get("reason")).contains("may have accepted it")), host::output);
            // A later drain, which passes the held message over on its way to a newer one the server now answers.
            smtp.finalReplyAfter(Duration.ZERO, ScriptedSmtp.AtTheEnd.ANSWER);
            QueuedMail next = QueuedMail.queue(home.resolve("data"), "next", 1);
            host.api().sync(null);
            Await.until("the newer message is sent", Duration.ofSeconds(60), () -> sentItems().containsAll(next.ids()),
                    host::output);
            assertEquals("the server had the held one once; no drain sent it again", 1,
                    smtp.deliveries().get(queued.ids().get(0)).get("a@one.test").intValue());
            assertTrue("it stays in the Outbox for the user",
                    QueuedMail.messageIdsIn(home.resolve("data"), ".Outbox").containsAll(queued.ids()));
        }
    }

    @Test
    public void recipientsA452PutOffGoAtOnceInTheNextTransaction() throws Exception {
        List<String> five = List.of("r1@five.test", "r2@five.test", "r3@five.test", "r4@five.test", "r5@five.test");
        try (ScriptedSmtp smtp = new ScriptedSmtp().recipientsPerTransaction(2);
                ChaosHost host = new ChaosHost(home, 0, smtp.port())) {
            // A backoff of ten minutes: only a new transaction at once delivers to all within the wait.
            Files.writeString(home.resolve("etc/dev.mapisync.host.cfg"), "defaultIntervalSeconds = 0\n"
                    + "outboxRetryBaseMillis = 600000\noutboxRetryMaxMillis = 600000\n");
            QueuedMail queued = QueuedMail.queue(home.resolve("data"), "many", 1, i -> five);
            host.start();
            Await.until("every recipient has it and it is in Sent Items", Duration.ofSeconds(60),
                    () -> sentItems().containsAll(queued.ids()), host::output);
            assertEquals("three transactions of 2, 2 and 1", List.of(2, 2, 1),
                    smtp.taken().stream().map(t -> t.recipients().size()).toList());
            Map<String, Integer> once = new java.util.HashMap<>();
            five.forEach(r -> once.put(r, 1));
            assertEquals(Map.of(queued.ids().get(0), once), smtp.deliveries());
        }
    }

    private void smtpSettings(String... lines) throws IOException {
        Files.writeString(home.resolve("etc/dev.mapisync.transport.smtp-chaos.cfg"), String.join("\n", lines) + "\n",
                StandardOpenOption.APPEND);
    }

    private java.util.Set<String> sentItems() {
        try {
            return QueuedMail.messageIdsIn(home.resolve("data"), ".Sent Items");
        } catch (IOException e) {
            return java.util.Set.of();
        }
    }

    private static List<Map<String, Object>> held(ChaosHost host) {
        try {
            return host.api().outbox().stream().filter(e -> "FAILED".equals(e.get("state"))).toList();
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }
}
