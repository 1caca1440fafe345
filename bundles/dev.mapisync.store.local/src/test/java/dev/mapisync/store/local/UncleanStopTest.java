package dev.mapisync.store.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The replica's look-ups by server id agree with its files after any stop: a clean close, a
 * JVM that ends without closing the store, and SIGKILL at seeded random moments while it
 * mirrors server messages. After each, what a sync does next (store again what it is not
 * sure of, mirror the server's flag changes and expunges) converges exactly: every server
 * message once, with the server's flags, none the server expunged.
 */
class UncleanStopTest {

    static final long SEED = 20261201L;
    static final int KILLS = 12;
    private static final FolderPath INBOX = WellKnownFolder.INBOX.path();

    @TempDir
    Path data;

    @ParameterizedTest(name = "stop: {0}")
    @ValueSource(strings = {"close", "exit"})
    void afterAStopTheServerChangesAreMirroredExactly(String stop) throws Exception {
        try (ForkedStore worker = new ForkedStore("64m", "download", data.toString(), "400", stop)) {
            Await.until("the worker ends", () -> !worker.process().isAlive());
            assertEquals(0, worker.process().exitValue(), "the worker stored 400 messages: " + worker.lines().size());
        }
        assertEquals(stop.equals("close"), Files.exists(indexMarker()), "only a clean close marks the index as saved");
        convergeAndCheck(400, new Random(SEED));
    }

    @Test
    void afterKillsAtSeededMomentsEveryStoredMessageIsFoundOnceAndTheServersChangesApply() throws Exception {
        Random random = new Random(SEED);
        long stored = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            long before = stored;
            try (ForkedStore worker = new ForkedStore("64m", "download", data.toString(), "1000000", "wait")) {
                Await.until("worker " + kill + " stores more than it had", () -> lastAcknowledged(worker) > before + 1
                        || !worker.process().isAlive());
                assertTrue(worker.process().isAlive(), "the worker runs");
                // A seeded moment in the middle of whatever write comes next.
                Thread.sleep(random.nextInt(200));
                worker.kill();
                stored = Math.max(stored, lastAcknowledged(worker));
            }
            assertFalse(Files.exists(indexMarker()), "a killed store leaves no marker");
            convergeAndCheck(stored, random);
        }
    }

    /**
     * Opens the replica as the next session would and checks it against its files, then does
     * what a sync does next: stores again what it is not sure of, applies the server's flag
     * changes and expunges, and checks that the files say exactly that.
     */
    private void convergeAndCheck(long acknowledged, Random random) throws Exception {
        LocalStore storage = new LocalStore(data);
        try {
            Replica replica = storage.replica(StoreWorker.DOWNLOAD_OWNER);
            Map<Long, Integer> files = filesByServerId();
            for (long n = 1; n <= acknowledged; n++) {
                assertEquals(1, files.getOrDefault(n, 0), "server message " + n + " is held once in the files");
                assertTrue(replica.messageByRemoteId(INBOX, Long.toString(n)).isPresent(),
                        "server message " + n + " is found by its server id, as its file says");
            }
            // A resumed sync stores again what it may have stored: nothing doubles.
            for (long n = 1; n <= acknowledged + 5; n++) {
                replica.applyRemoteAppend(INBOX, Long.toString(n), new ByteArrayInputStream(StoreWorker.serverMessage(n)),
                        Set.of(), true);
            }
            // The server's changes since: flags on some, expunges of others.
            Set<Long> flagged = new TreeSet<>();
            Set<Long> expunged = new TreeSet<>();
            for (long n = 1; n <= acknowledged + 5; n++) {
                int pick = random.nextInt(10);
                if (pick == 0) {
                    expunged.add(n);
                    replica.applyRemoteDelete(INBOX, Long.toString(n));
                } else if (pick < 3) {
                    flagged.add(n);
                    replica.applyRemoteFlags(INBOX, Long.toString(n), Set.of(MessageFlag.FLAGGED, MessageFlag.SEEN));
                }
            }
            Map<Long, Integer> after = filesByServerId();
            Map<Long, Set<MessageFlag>> flags = flagsByServerId();
            for (long n = 1; n <= acknowledged + 5; n++) {
                String what = "server message " + n;
                if (expunged.contains(n)) {
                    assertFalse(after.containsKey(n), what + " is expunged");
                    continue;
                }
                assertEquals(1, after.getOrDefault(n, 0), what + " is held once");
                assertEquals(flagged.contains(n) ? Set.of(MessageFlag.FLAGGED, MessageFlag.SEEN) : Set.of(), flags.get(n),
                        what + " carries the server's flags");
                MessageId id = replica.messageByRemoteId(INBOX, Long.toString(n)).orElseThrow();
                try (var in = replica.openMessage(INBOX, id)) {
                    assertArrayEquals(StoreWorker.serverMessage(n), in.readAllBytes(), what + " is whole");
                }
            }
            assertEquals(acknowledged + 5 - expunged.size(), replica.messages(INBOX).size(), "and nothing else");
            // Put back what this check changed, so that the next round's worker resumes from a plain replica.
            for (long n = 1; n <= acknowledged + 5; n++) {
                if (expunged.contains(n)) {
                    replica.applyRemoteAppend(INBOX, Long.toString(n), new ByteArrayInputStream(StoreWorker.serverMessage(n)),
                            Set.of(), true);
                } else if (flagged.contains(n)) {
                    replica.applyRemoteFlags(INBOX, Long.toString(n), Set.of());
                }
            }
        } finally {
            storage.deactivate();
        }
        assertTrue(Files.exists(indexMarker()), "a clean close marks the index as saved");
    }

    private Path replicaRoot() {
        return data.resolve("replicas").resolve(LocalStore.directoryName(StoreWorker.DOWNLOAD_OWNER.id()));
    }

    private Path indexMarker() {
        return replicaRoot().resolve(MaildirStore.INDEX_FILE + ListingIndex.CLEAN_SUFFIX);
    }

    /** @return how many files of the Inbox carry each server id: the files alone, no index */
    private Map<Long, Integer> filesByServerId() throws IOException {
        Map<Long, Integer> counts = new HashMap<>();
        for (String name : inboxFiles()) {
            MaildirName.parse(name).remoteField().ifPresent(field -> counts.merge(
                    Long.parseLong(MaildirName.decodeRemote(field)), 1, Integer::sum));
        }
        return counts;
    }

    private Map<Long, Set<MessageFlag>> flagsByServerId() throws IOException {
        Map<Long, Set<MessageFlag>> flags = new HashMap<>();
        for (String name : inboxFiles()) {
            MaildirName parsed = MaildirName.parse(name);
            parsed.remoteField().ifPresent(field -> flags.put(Long.parseLong(MaildirName.decodeRemote(field)),
                    parsed.flags()));
        }
        return flags;
    }

    private java.util.List<String> inboxFiles() throws IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String sub : new String[] {"cur", "new"}) {
            try (Stream<Path> files = Files.list(replicaRoot().resolve(sub))) {
                files.forEach(f -> names.add(f.getFileName().toString()));
            }
        }
        return names;
    }

    private static long lastAcknowledged(ForkedStore worker) {
        long last = 0;
        for (String line : worker.lines()) {
            String[] parts = line.split(" ");
            if (parts.length == 2 && parts[0].equals("ok")) {
                last = Math.max(last, Long.parseLong(parts[1]));
            }
        }
        return last;
    }
}
