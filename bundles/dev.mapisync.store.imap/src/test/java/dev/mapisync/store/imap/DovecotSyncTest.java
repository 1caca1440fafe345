package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.mapisync.store.imap.DovecotMailbox.client;
import static dev.mapisync.store.imap.DovecotMailbox.compare;
import static dev.mapisync.store.imap.DovecotMailbox.config;
import static dev.mapisync.store.imap.DovecotMailbox.flagFirstMessage;
import static dev.mapisync.store.imap.DovecotMailbox.multipart;
import static dev.mapisync.store.imap.DovecotMailbox.seedOneMessageEach;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.DovecotServer;
import dev.mapisync.store.local.LocalStore;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server: Dovecot on 127.0.0.1 serves a seeded mailbox with non-ASCII folder names,
 * multipart messages and large attachments; the IMAP store syncs it, and every message in the
 * replica equals the server's byte for byte, with its flags. A flag changed on the server is
 * then mirrored (through CONDSTORE, which Dovecot offers) without downloading anything again.
 */
class DovecotSyncTest {

    private static final Set<SyncFlag> DOWN = EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);

    @TempDir
    Path seed;

    @TempDir
    Path work;

    @TempDir
    Path data;

    @Test
    void syncsASeededMailboxByteForByte() throws Exception {
        FolderPath projects = FolderPath.of("Projekte");
        FolderPath plans = projects.child("Übersicht & Pläne");
        FolderPath journal = FolderPath.of("Журнал");
        LocalStore seeded = Harness.localStore(seed);
        seeded.createFolder(projects);
        seeded.createFolder(plans);
        seeded.createFolder(journal);
        FolderPath inbox = FolderPath.of("Inbox");
        seeded.appendMessage(inbox, new ByteArrayInputStream(multipart(1, 1_500_000)), Set.of(MessageFlag.SEEN));
        seeded.appendMessage(inbox, new ByteArrayInputStream(multipart(2, 2_000)), Set.of());
        seeded.appendMessage(plans, new ByteArrayInputStream(multipart(3, 800_000)), Set.of(MessageFlag.FLAGGED));
        seeded.appendMessage(journal, new ByteArrayInputStream(multipart(4, 100)), Set.of(MessageFlag.ANSWERED,
                MessageFlag.SEEN));
        seeded.close();

        ExecutorService executor = Executors.newFixedThreadPool(2);
        LocalStore local = Harness.localStore(data);
        try (DovecotServer dovecot = DovecotServer.start(seed.resolve("default"), work)) {
            ImapAccountStore account = new ImapAccountStore(config(dovecot.port()), local);
            Harness.Recorder first = new Harness.Recorder();
            Status status = Harness.sync(local, executor, account, first, DOWN);
            assertEquals(Status.SUCCESS, status, first.errors + "\n" + dovecot.diagnostics());
            Replica replica = local.replica(account.identity());
            int compared = compare(dovecot, replica, Map.of("INBOX", inbox, "Projekte/Übersicht & Pläne", plans,
                    "Журнал", journal, "Projekte", projects));
            assertTrue(compared >= 4, "every seeded message was compared: " + compared);

            try (Store client = client(dovecot)) {
                Folder folder = client.getFolder("INBOX");
                folder.open(Folder.READ_WRITE);
                Message[] all = folder.getMessages();
                for (Message m : all) {
                    m.setFlag(Flags.Flag.FLAGGED, true);
                }
                all[all.length - 1].setFlag(Flags.Flag.DELETED, true);
                folder.close(true);
            }
            Harness.Recorder second = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, second, DOWN), second.errors.toString());
            assertEquals(0, second.lastIndexMax, "nothing is downloaded again");
            assertTrue(second.steps.stream().anyMatch(st -> st.startsWith("Inbox: comparing (QRESYNC)")),
                    "Dovecot offers QRESYNC, and it is used: " + second.steps);
            assertEquals(1, replica.messages(inbox).size(), "the server's expunge is mirrored");
            assertTrue(replica.messages(inbox).stream().allMatch(m -> m.flags().contains(MessageFlag.FLAGGED)),
                    "the server's flag change is mirrored");
            compare(dovecot, replica, Map.of("INBOX", inbox));
        } finally {
            executor.shutdownNow();
            local.close();
        }
    }

    @Test
    void aFolderUnchangedSinceTheLastSyncIsNotEvenSelected() throws Exception {
        FolderPath inbox = FolderPath.of("Inbox");
        FolderPath archive = FolderPath.of("Archiv");
        FolderPath year = archive.child("2026");
        LocalStore seeded = Harness.localStore(seed);
        seeded.createFolder(archive);
        seeded.createFolder(year);
        seeded.appendMessage(inbox, new ByteArrayInputStream(multipart(20, 100)), Set.of());
        seeded.appendMessage(year, new ByteArrayInputStream(multipart(21, 100)), Set.of(MessageFlag.SEEN));
        seeded.close();
        // A Maildir++ folder whose parent is only a name: Dovecot's extended LIST calls the parent \NonExistent.
        deleteTree(seed.resolve("default").resolve(".Archiv"));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        LocalStore local = Harness.localStore(data);
        try (DovecotServer dovecot = DovecotServer.start(seed.resolve("default"), work);
                CuttableProxy proxy = new CuttableProxy(dovecot.port())) {
            TestConfig config = config(proxy.port());
            config.connections = 1; // fewer than the folders: their status is asked for
            ImapAccountStore account = new ImapAccountStore(config, local);
            Harness.Recorder first = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, first, DOWN),
                    first.errors + "\n" + dovecot.diagnostics());
            Replica replica = local.replica(account.identity());
            assertEquals(1, replica.messages(year).size(), "the folder under a parent that is only a name is synced");

            proxy.takeSent();
            Harness.Recorder second = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, second, DOWN), second.errors.toString());
            String quiet = proxy.takeSent();
            assertTrue(quiet.contains("RETURN (STATUS (MESSAGES UIDVALIDITY UIDNEXT HIGHESTMODSEQ))"), "one LIST-STATUS: " + quiet);
            assertFalse(quiet.contains("EXAMINE") || quiet.contains("SELECT"), "no folder is opened: " + quiet);
            assertFalse(quiet.contains("AUTHENTICATE") || quiet.contains("LOGIN"), "the last sync's connection is kept: " + quiet);

            try (Store client = client(dovecot)) {
                Folder folder = client.getFolder("INBOX");
                folder.open(Folder.READ_WRITE);
                folder.getMessages()[0].setFlag(Flags.Flag.FLAGGED, true);
                folder.appendMessages(new Message[] {new jakarta.mail.internet.MimeMessage(null,
                        new ByteArrayInputStream(multipart(22, 100)))});
                folder.close(false);
            }
            Harness.Recorder third = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, third, DOWN), third.errors.toString());
            String changed = proxy.takeSent();
            assertEquals(1, changed.split("EXAMINE INBOX", -1).length - 1,
                    "the changed folder is opened once, compared and downloaded: " + changed);
            assertFalse(changed.contains("EXAMINE Archiv/2026"), "the unchanged one is not: " + changed);
            assertEquals(1, third.lastIndexMax, "the listing foretold one new message");
            assertEquals(2, replica.messages(inbox).size(), "the new message is downloaded");
            assertTrue(replica.messages(inbox).stream().anyMatch(m -> m.flags().equals(Set.of(MessageFlag.FLAGGED))),
                    "the flag is mirrored");

            proxy.cut();
            Harness.Recorder fourth = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, fourth, DOWN), fourth.errors.toString());
            assertTrue(fourth.errors.isEmpty() && fourth.steps.stream().noneMatch(st -> st.startsWith("Connection lost")),
                    "a kept connection that died unused is replaced, not counted as a failure: " + fourth.steps);
            assertTrue(proxy.takeSent().contains("AUTHENTICATE"), "by a new login");
            account.deactivate();
        } finally {
            executor.shutdownNow();
            local.close();
        }
    }

    @Test
    void foldersThatChangedAreComparedOverSeveralConnectionsAtOnce() throws Exception {
        List<FolderPath> folders = List.of(FolderPath.of("Inbox"), FolderPath.of("Alpha"), FolderPath.of("Beta"),
                FolderPath.of("Gamma"));
        seedOneMessageEach(seed, folders);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        LocalStore local = Harness.localStore(data);
        try (DovecotServer dovecot = DovecotServer.start(seed.resolve("default"), work);
                CuttableProxy proxy = new CuttableProxy(dovecot.port())) {
            TestConfig config = config(proxy.port());
            config.timeoutMillis = 60_000; // a held EXAMINE must not look like a dead server
            ImapAccountStore account = new ImapAccountStore(config, local);
            // A folder's EXAMINE waits until another connection examines one too (or 20 s went by).
            proxy.holdUntil("EXAMINE", 2, Duration.ofSeconds(20));
            Harness.Recorder first = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, first, DOWN),
                    first.errors + "\n" + dovecot.diagnostics());
            assertTrue(proxy.heldUntilEnough(), "a second connection examined a folder while the first was at one");
            Replica replica = local.replica(account.identity());
            assertEquals(folders.size(), compare(dovecot, replica, Map.of("INBOX", folders.get(0), "Alpha", folders.get(1),
                    "Beta", folders.get(2), "Gamma", folders.get(3))), "every message, once");

            flagFirstMessage(dovecot, "INBOX", "Alpha", "Beta", "Gamma");
            String sent = syncAndTakeSent(proxy, local, executor, account);
            assertFalse(sent.contains("AUTHENTICATE") || sent.contains("LOGIN"), "every connection was kept: " + sent);
            for (FolderPath folder : folders) {
                assertTrue(replica.messages(folder).stream().allMatch(m -> m.flags().contains(MessageFlag.FLAGGED)),
                        folder + ": the flag is mirrored");
            }
            account.deactivate();
        } finally {
            executor.shutdownNow();
            local.close();
        }
    }

    @Test
    void withAConnectionForEveryFolderEachStaysSelectedAndOnlyOneThatChangedIsExaminedAgain() throws Exception {
        List<FolderPath> folders = List.of(FolderPath.of("Inbox"), FolderPath.of("Alpha"));
        seedOneMessageEach(seed, folders);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        LocalStore local = Harness.localStore(data);
        try (DovecotServer dovecot = DovecotServer.start(seed.resolve("default"), work);
                CuttableProxy proxy = new CuttableProxy(dovecot.port())) {
            TestConfig config = config(proxy.port());
            config.connections = 10; // the seeded mailbox has six folders (with Drafts, Outbox, Sent and Deleted Items)
            ImapAccountStore account = new ImapAccountStore(config, local);
            Harness.Recorder first = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, first, DOWN),
                    first.errors + "\n" + dovecot.diagnostics());
            String quiet = syncAndTakeSent(proxy, local, executor, account);
            assertFalse(quiet.contains("EXAMINE") || quiet.contains("SELECT"), "every folder is still selected: " + quiet);
            assertEquals(6, quiet.split(" NOOP", -1).length - 1, "a NOOP on each folder's connection: " + quiet);
            assertEquals(6, quiet.split(" STATUS ", -1).length - 1,
                    "each folder's standing asked once, from a connection that does not hold it: " + quiet);
            assertFalse(quiet.contains("RETURN (STATUS"), "no listing of every folder's status: " + quiet);
            assertFalse(quiet.contains("AUTHENTICATE") || quiet.contains("LOGIN"), "over the kept connections: " + quiet);

            flagFirstMessage(dovecot, "Alpha");
            String sent = syncAndTakeSent(proxy, local, executor, account);
            assertEquals(1, sent.split("EXAMINE ", -1).length - 1, "only the changed folder is examined: " + sent);
            assertTrue(sent.contains("EXAMINE Alpha"), sent);
            Replica replica = local.replica(account.identity());
            assertTrue(replica.messages(folders.get(1)).stream().allMatch(m -> m.flags().contains(MessageFlag.FLAGGED)),
                    "the flag is mirrored");

            try (Store client = client(dovecot)) {
                Folder inbox = client.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                inbox.appendMessages(new Message[] {new jakarta.mail.internet.MimeMessage(null,
                        new ByteArrayInputStream(multipart(40, 100)))});
                inbox.getMessages()[0].setFlag(Flags.Flag.DELETED, true);
                inbox.close(true);
            }
            sent = syncAndTakeSent(proxy, local, executor, account);
            assertEquals(1, sent.split("EXAMINE ", -1).length - 1, "only the changed folder is examined: " + sent);
            assertEquals(1, compare(dovecot, replica, Map.of("INBOX", folders.get(0))),
                    "the message expunged and the one added while the folder was selected are mirrored");
            account.deactivate();
        } finally {
            executor.shutdownNow();
            local.close();
        }
    }

    @Test
    void aMessageThatArrivesWhileASyncListsTheFoldersIsDownloadedByItOrTheNext() throws Exception {
        seedOneMessageEach(seed, List.of(FolderPath.of("Inbox")));
        ExecutorService executor = Executors.newFixedThreadPool(2);
        LocalStore local = Harness.localStore(data);
        try (DovecotServer dovecot = DovecotServer.start(seed.resolve("default"), work);
                CuttableProxy proxy = new CuttableProxy(dovecot.port())) {
            TestConfig config = config(proxy.port());
            config.connections = 10; // a connection for every folder: each keeps its folder selected between syncs
            ImapAccountStore account = new ImapAccountStore(config, local);
            Harness.Recorder first = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, first, DOWN),
                    first.errors + "\n" + dovecot.diagnostics());
            // The next sync's own connection finds nothing new with its NOOP; its LIST waits while a message arrives in
            // every folder. The folders of the other connections have news at their NOOP; the sync's own may have it
            // only with the LIST's answer, or at the next sync's NOOP.
            proxy.holdOnce("LIST \"\" \"*\"", Duration.ofSeconds(20));
            Harness.Recorder second = new Harness.Recorder();
            CompletableFuture<Status> sync = CompletableFuture.supplyAsync(() -> {
                try {
                    return Harness.sync(local, executor, account, second, DOWN);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            assertTrue(proxy.awaitHeld(Duration.ofSeconds(20)), "the sync lists the folders");
            Map<String, FolderPath> folders = new LinkedHashMap<>();
            try (Store client = client(dovecot)) {
                int n = 50;
                for (Folder folder : client.getDefaultFolder().list("*")) {
                    if ((folder.getType() & Folder.HOLDS_MESSAGES) != 0) {
                        folder.appendMessages(new Message[] {new jakarta.mail.internet.MimeMessage(null,
                                new ByteArrayInputStream(multipart(n++, 100)))});
                        folders.put(folder.getFullName(), FolderMapping.path(folder.getFullName(), folder.getSeparator()));
                    }
                }
            }
            proxy.release();
            assertEquals(Status.SUCCESS, sync.get(60, TimeUnit.SECONDS), second.errors.toString());
            Harness.Recorder third = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, third, DOWN), third.errors.toString());
            assertEquals(folders.size() + 1, compare(dovecot, local.replica(account.identity()), folders),
                    "every folder's new message is downloaded");
            account.deactivate();
        } finally {
            executor.shutdownNow();
            local.close();
        }
    }

    @Test
    void aServerThatAllowsFewerConnectionsGetsItsFoldersOverOne() throws Exception {
        List<FolderPath> folders = List.of(FolderPath.of("Inbox"), FolderPath.of("Alpha"), FolderPath.of("Beta"));
        seedOneMessageEach(seed, folders);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        LocalStore local = Harness.localStore(data);
        try (DovecotServer dovecot = DovecotServer.start(seed.resolve("default"), work, "mail_max_userip_connections = 1")) {
            ImapAccountStore account = new ImapAccountStore(config(dovecot.port()), local);
            Harness.Recorder recorder = new Harness.Recorder();
            assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, recorder, DOWN),
                    recorder.errors + "\n" + dovecot.diagnostics());
            assertTrue(recorder.errors.isEmpty(), "a connection the server refused is no error: " + recorder.errors);
            assertTrue(dovecot.diagnostics().contains("Maximum number of connections"),
                    "the server did refuse the further ones: " + dovecot.diagnostics());
            account.deactivate(); // its kept connection takes the server's one slot
            assertEquals(folders.size(), compare(dovecot, local.replica(account.identity()), Map.of("INBOX", folders.get(0),
                    "Alpha", folders.get(1), "Beta", folders.get(2))));
        } finally {
            executor.shutdownNow();
            local.close();
        }
    }

    /** @return what the sync, which must succeed, sent to the server */
    private static String syncAndTakeSent(CuttableProxy proxy, LocalStore local, ExecutorService executor,
            ImapAccountStore account) throws Exception {
        proxy.takeSent();
        Harness.Recorder recorder = new Harness.Recorder();
        assertEquals(Status.SUCCESS, Harness.sync(local, executor, account, recorder, DOWN), recorder.errors.toString());
        return proxy.takeSent();
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(path);
            }
        }
    }

    @Test
    void aMessageTheServerCannotServeIsReportedAndSkipped() throws Exception {
        LocalStore seeded = Harness.localStore(seed);
        FolderPath inbox = FolderPath.of("Inbox");
        seeded.appendMessage(inbox, new ByteArrayInputStream(multipart(10, 100)), Set.of());
        MessageId broken = seeded.appendMessage(inbox, new ByteArrayInputStream(multipart(11, 100)), Set.of());
        seeded.appendMessage(inbox, new ByteArrayInputStream(multipart(12, 100)), Set.of());
        seeded.close();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        LocalStore local = Harness.localStore(data);
        try (DovecotServer dovecot = DovecotServer.start(seed.resolve("default"), work)) {
            // Dovecot lists the message but cannot read its file: it answers the fetch with an error.
            try (var files = java.nio.file.Files.list(seed.resolve("default/cur"))) {
                Path file = files.filter(f -> f.getFileName().toString().startsWith(broken.value())).findFirst()
                        .orElseThrow();
                java.nio.file.Files.setPosixFilePermissions(file, Set.of());
            }
            ImapAccountStore account = new ImapAccountStore(config(dovecot.port()), local);
            Harness.Recorder recorder = new Harness.Recorder();
            Status status = Harness.sync(local, executor, account, recorder, DOWN);
            assertEquals(Status.PARTIAL, status, recorder.errors + "\n" + dovecot.diagnostics());
            assertTrue(recorder.errors.stream().anyMatch(e -> e.startsWith("PROTOCOL: Inbox: message UID")
                    && e.contains("is skipped")), recorder.errors.toString());
            assertEquals(2, local.replica(account.identity()).messages(inbox).size(), "the others are synced");
        } finally {
            executor.shutdownNow();
            local.close();
        }
    }
}
