package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.mapisync.transport.smtp.ScriptedSmtp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

/**
 * The Outbox's promise under attack, as a demanding user tried it: one drain of 300 messages
 * to 610 recipients, queued as Maildir software queues mail, through the runnable host and
 * its SMTP transport, stopped with kill -9 {@value #KILLS} times at seeded moments and once
 * with SIGTERM, started again and sending again after each. The server takes each message
 * (records it) before it answers, and answers the final "." only after
 * {@value #FINAL_REPLY_MILLIS} ms, so that most stops fall between its acceptance and the
 * host hearing of it. Counted on the server's side: nothing lost, nothing taken twice for a
 * recipient, sent oldest first; every message whose fate the host could not know is held
 * with that reason, and the user's retry of those the server never took sends each once.
 */
public class OutboxDrainKillsIT {

    /** The moments of the stops; {@code -Dmapisync.drain.seed=N} tries others. */
    static final long SEED = Long.getLong("mapisync.drain.seed", 20261215L);
    static final int MESSAGES = 300;
    static final int KILLS = 10;
    static final long FINAL_REPLY_MILLIS = 25;
    /** Ten of the messages have a third recipient: 610 in all. */
    static final List<String> THREE = List.of("a@one.test", "b@two.test", "c@three.test");

    @Test
    public void stopsDuringOneDrainLoseNothingAndSendNothingTwice() throws Exception {
        Path home = Files.createTempDirectory("mapisync-drain-kills");
        Random random = new Random(SEED);
        System.out.println("outbox drain kills: seed " + SEED);
        try (ScriptedSmtp smtp = new ScriptedSmtp().finalReplyAfter(Duration.ofMillis(FINAL_REPLY_MILLIS),
                ScriptedSmtp.AtTheEnd.ANSWER); ChaosHost host = new ChaosHost(home, 0, smtp.port())) {
            QueuedMail queued = QueuedMail.queue(home.resolve("data"), "drain", MESSAGES,
                    i -> i % 30 == 7 ? THREE : QueuedMail.RECIPIENTS);
            for (int stop = 0; stop <= KILLS; stop++) {
                String signal = stop < KILLS ? "KILL" : "TERM";
                int before = smtp.taken().size();
                host.start();
                Await.until("the drain sends again", Duration.ofSeconds(60), () -> smtp.taken().size() > before,
                        host::output);
                boolean underWay = host.stopWhen(() -> false, Duration.ofMillis(random.nextInt(400)), signal,
                        () -> smtp.taken().size() < MESSAGES - 20);
                assertTrue("stop " + stop + " (" + signal + ") came during the drain", underWay);
            }
            host.start();
            try {
                checkAfterTheStops(host, smtp, queued, home);
            } catch (AssertionError e) {
                System.out.println("outbox drain kills failed; the hosts said:\n" + host.output());
                throw e;
            }
        } finally {
            try (java.util.stream.Stream<Path> all = Files.walk(home)) {
                for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static void checkAfterTheStops(ChaosHost host, ScriptedSmtp smtp, QueuedMail queued, Path home)
            throws Exception {
        host.awaitOutboxAtRest();
        String what = "after " + KILLS + " kills and a SIGTERM";
        queued.assertNoneLostNoneTwice(smtp.deliveries(), home.resolve("data"), what);
        assertOldestFirst(queued, smtp);
        List<Map<String, Object>> held = host.api().outbox();
        for (Map<String, Object> entry : held) {
            assertTrue(what + ": held because its fate is unknown, not for another reason: " + entry,
                    String.valueOf(entry.get("reason")).contains("may have accepted it"));
        }
        assertTrue(what + ": at most one message was in flight at each stop: " + held, held.size() <= KILLS + 1);

        retryThoseNeverTaken(host, held, smtp.deliveries().keySet(), home);
        Map<String, Map<String, Integer>> deliveries = smtp.deliveries();
        int recipients = 0;
        for (String id : queued.ids()) {
            Map<String, Integer> taken = deliveries.getOrDefault(id, Map.of());
            taken.values().forEach(times -> assertEquals(id + " taken once per recipient", Integer.valueOf(1), times));
            recipients += taken.size();
        }
        assertEquals("now every recipient has every message once (a held one the server had, the user may leave)",
                610, recipients);
        System.out.println("outbox drain kills: " + held.size() + " held as uncertain, 0 lost, 0 twice");
    }

    /** The server took the messages in the order they were queued, each at most once. */
    private static void assertOldestFirst(QueuedMail queued, ScriptedSmtp smtp) {
        List<String> ids = queued.ids();
        int last = -1;
        for (ScriptedSmtp.Taken taken : smtp.taken()) {
            int position = ids.indexOf(taken.messageId());
            assertTrue("sent oldest first: " + taken.messageId() + " came after number " + last, position > last);
            last = position;
        }
    }

    /** Retries, as the user would, each held message the server never took; each goes once. */
    private static void retryThoseNeverTaken(ChaosHost host, List<Map<String, Object>> held, Set<String> taken, Path home)
            throws Exception {
        List<String> retried = new ArrayList<>();
        for (Map<String, Object> entry : held) {
            if (!taken.contains(idOf(entry))) {
                host.api().retry(String.valueOf(entry.get("id")));
                retried.add(idOf(entry));
            }
        }
        Await.until("the retried messages leave the Outbox", Duration.ofSeconds(60), () -> {
            try {
                return retried.stream().noneMatch(id -> outboxHolds(home, id));
            } catch (RuntimeException e) {
                return false;
            }
        }, host::output);
    }

    private static boolean outboxHolds(Path home, String messageId) {
        try {
            return QueuedMail.messageIdsIn(home.resolve("data"), ".Outbox").contains(messageId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @return the Message-ID of a held entry, from its subject ("queued N") */
    private static String idOf(Map<String, Object> entry) {
        String subject = String.valueOf(entry.get("subject"));
        return "<drain-" + subject.substring("queued ".length()) + "@example.org>";
    }
}
