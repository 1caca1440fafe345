package dev.mapisync.store.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.WellKnownFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose JVM is killed with SIGKILL at seeded random moments during heavy writes opens
 * cleanly, holds every message whose append returned (with its content), and no partial one.
 */
class DurabilityTest {

    static final int KILLS = 50;
    static final long SEED = 20261124L;

    @TempDir
    Path data;

    @Test
    void survivesFiftyKillsLosingNothingAcknowledged() throws Exception {
        Random random = new Random(SEED);
        Map<Long, String> acknowledged = new HashMap<>();
        long next = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            try (ForkedStore worker = new ForkedStore("64m", "append", data.toString(), Long.toString(next))) {
                long first = next;
                Await.until("worker " + kill + " appends", () -> worker.lines().size() > 0 || !worker.process().isAlive());
                assertTrue(worker.process().isAlive(), "the worker runs");
                // A seeded moment: after some appends, in the middle of whatever write comes next.
                Thread.sleep(random.nextInt(150));
                worker.kill();
                for (String line : worker.lines()) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3 && parts[0].equals("ok")) {
                        acknowledged.put(Long.parseLong(parts[1]), parts[2]);
                        next = Math.max(next, Long.parseLong(parts[1]) + 1);
                    }
                }
                assertTrue(next > first, "kill " + kill + " came after at least one acknowledged append");
                // A message started but not acknowledged may or may not be there; numbering goes on past it.
                next++;
            }
            verify(acknowledged);
        }
        assertTrue(acknowledged.size() >= KILLS, "appends acknowledged: " + acknowledged.size());
    }

    private void verify(Map<Long, String> acknowledged) throws Exception {
        LocalStore store = new LocalStore(data);
        try {
            Map<String, MessageInfo> present = new HashMap<>();
            for (MessageInfo info : store.messages(WellKnownFolder.INBOX.path())) {
                present.put(info.id().value(), info);
            }
            for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
                assertTrue(present.containsKey(ack.getValue()), "acknowledged message " + ack.getKey() + " is there");
            }
            Map<Long, String> seen = new HashMap<>();
            for (MessageInfo info : present.values()) {
                byte[] bytes;
                try (var in = store.openMessage(WellKnownFolder.INBOX.path(), new MessageId(info.id().value()))) {
                    bytes = in.readAllBytes();
                }
                String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
                int at = text.indexOf("X-Seq: ");
                assertTrue(at > 0, "every message is whole: " + info.id());
                long n = Long.parseLong(text.substring(at + 7, text.indexOf("\r\n", at)));
                assertArrayEquals(StoreWorker.content(n), bytes, "message " + n + " is whole, byte for byte");
                String earlier = seen.put(n, info.id().value());
                assertTrue(earlier == null, "message " + n + " is there once: " + earlier + " and " + info.id()
                        + "; acknowledged as " + acknowledged.get(n));
            }
            try (Stream<Path> tmp = Files.list(data.resolve("default/tmp"))) {
                assertEquals(0, tmp.count(), "no half-written file is left once the store opened");
            }
        } finally {
            store.deactivate();
        }
    }
}
