package dev.mapisync.store.imap;

import static dev.mapisync.store.imap.DovecotMailbox.multipart;
import static dev.mapisync.store.imap.FolderContents.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.DovecotServer;
import dev.mapisync.store.local.LocalStore;
import dev.mapisync.store.local.LocalStores;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a sync that uploads what other software changed in the replica's files, at
 * seeded random points: while the changes are found and journaled, in the middle of their
 * upload, and during the download after it. The next sync converges: the server's folders
 * and the replica's files hold the same messages with the same flags (read independently),
 * no message is doubled, and none is lost (the count is what the changes make it).
 */
class KilledUploadTest {

    private static final Set<SyncFlag> BOTH = EnumSet.of(SyncFlag.UPLOAD_HIERARCHY, SyncFlag.UPLOAD_CONTENTS,
            SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);
    private static final long SEED = 19;
    private static final int ROUNDS = 6;

    @TempDir
    Path seed;

    @TempDir
    Path work;

    @TempDir
    Path data;

    @Test
    void aSyncKilledWhileUploadingConvergesWithNothingLostOrDoubled() throws Exception {
        LocalStore seeded = Harness.localStore(seed);
        seeded.createFolder(FolderPath.of("Archive"));
        for (int n = 1; n <= 120; n++) {
            seeded.appendMessage(FolderPath.of(n % 6 == 0 ? "Archive" : "Inbox"), new ByteArrayInputStream(
                    multipart(n, 100)), n % 3 == 0 ? Set.of(MessageFlag.SEEN) : Set.of());
        }
        seeded.close();
        Random random = new Random(SEED);
        try (DovecotServer dovecot = DovecotServer.start(seed.resolve("default"), work)) {
            syncHere(dovecot);
            Path inbox = LocalStores.replicaRoot(data, "imap:work");
            int total = 120;
            int killed = 0;
            for (int round = 0; round < ROUNDS; round++) {
                total += changeFiles(inbox, random, round);
                killed += killSomewhere(dovecot, inbox, random, round % 3) ? 1 : 0;
                syncHere(dovecot);
                assertSame(dovecot, "INBOX", inbox);
                assertSame(dovecot, "Archive", inbox.resolve(".Archive"));
                List<String> server = new ArrayList<>(FolderContents.ofServer(dovecot, "INBOX"));
                server.addAll(FolderContents.ofServer(dovecot, "Archive"));
                assertEquals(total, server.size(), "round " + round + ": no message lost or doubled");
                assertEquals(total, new HashSet<>(server.stream().map(l -> l.split(" ")[0]).toList()).size(),
                        "round " + round + ": each message once");
            }
            assertTrue(killed >= ROUNDS / 2, "most rounds were killed before they ended: " + killed);
        }
    }

    /** A sync in this JVM, as the next start of the host would run it. */
    private void syncHere(DovecotServer dovecot) throws Exception {
        LocalStore local = Harness.localStore(data);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            ImapAccountStore account = new ImapAccountStore(DovecotMailbox.config(dovecot.port()), local);
            Harness.Recorder recorder = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, recorder, BOTH),
                    recorder.errors + "\n" + dovecot.diagnostics());
            account.deactivate();
        } finally {
            executor.shutdownNow();
            local.close();
        }
    }

    /**
     * Flags toggled by renames, files removed, files moved between the folders' {@code cur/},
     * messages delivered into {@code new/}, as Maildir software does.
     *
     * @return how many messages the changes add, less those they delete
     */
    private static int changeFiles(Path inbox, Random random, int round) throws Exception {
        List<Path> files = new ArrayList<>(messageFiles(inbox));
        files.addAll(messageFiles(inbox.resolve(".Archive")));
        java.util.Collections.shuffle(files, random);
        int next = 0;
        for (int i = 0; i < 30; i++) {
            Path file = files.get(next++);
            String name = file.getFileName().toString();
            String renamed = name.contains("F") && name.indexOf(":2,") < name.lastIndexOf('F')
                    ? name.replace(":2,F", ":2,") : name.replace(":2,", ":2,F");
            Files.move(file, file.resolveSibling(renamed));
        }
        for (int i = 0; i < 6; i++) {
            Files.delete(files.get(next++));
        }
        for (int i = 0; i < 6; i++) {
            Path file = files.get(next++);
            Path otherCur = file.getParent().getParent().equals(inbox) ? inbox.resolve(".Archive").resolve("cur")
                    : inbox.resolve("cur");
            Files.move(file, otherCur.resolve(file.getFileName()));
        }
        for (int i = 0; i < 8; i++) {
            Files.writeString(inbox.resolve("new").resolve("1764" + round + "00" + i + ".M" + i + "P" + round + ".test"),
                    "From: Ada <ada@example.org>\r\nSubject: round " + round + " note " + i + "\r\n\r\nwritten\r\n");
        }
        return 8 - 6;
    }

    private static List<Path> messageFiles(Path folder) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("cur", "new")) {
            try (Stream<Path> list = Files.list(folder.resolve(sub))) {
                list.forEach(files::add);
            }
        }
        return files;
    }

    /**
     * Runs a sync in a JVM of its own and kills it (SIGKILL) in the phase given: 0 while the
     * journal fills, 1 while it empties (the upload), 2 after the upload (the download).
     *
     * @return whether it was killed before it ended on its own
     */
    private boolean killSomewhere(DovecotServer dovecot, Path inbox, Random random, int phase) throws Exception {
        Path journal = inbox.resolve("mapisync-journal");
        Process sync = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ForkedTwoWaySync.class.getName(), data.toString(),
                Integer.toString(dovecot.port())).redirectErrorStream(true)
                .redirectOutput(work.resolve("forked.out").toFile()).start();
        int threshold = 1 + random.nextInt(40);
        int peak = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sync.isAlive() && System.nanoTime() < deadline) {
            int pending = journaled(journal);
            peak = Math.max(peak, pending);
            boolean now = switch (phase) {
                case 0 -> pending >= threshold;
                case 1 -> peak >= 40 && pending <= peak - threshold;
                default -> peak >= 40 && pending == 0;
            };
            if (now) {
                if (phase == 2) {
                    Thread.sleep(random.nextInt(150));
                }
                sync.destroyForcibly();
                sync.waitFor(10, TimeUnit.SECONDS);
                return sync.exitValue() != 0;
            }
            Thread.sleep(1);
        }
        assertTrue(sync.waitFor(60, TimeUnit.SECONDS), "the forked sync ends");
        return false;
    }

    private static int journaled(Path journal) throws Exception {
        if (!Files.isDirectory(journal)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(journal)) {
            return (int) entries.filter(p -> p.getFileName().toString().endsWith(".change")).count();
        } catch (java.nio.file.NoSuchFileException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
