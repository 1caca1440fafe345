package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IMAP store against GreenMail, with its replica in the real default store. */
class ImapSyncTest {

    private static final Set<SyncFlag> DOWN = EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);
    private static final Set<SyncFlag> BOTH = EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS,
            SyncFlag.UPLOAD_CONTENTS, SyncFlag.UPLOAD_HIERARCHY);
    private static final FolderPath INBOX = FolderPath.of("Inbox");
    private static final FolderPath PROJECTS = FolderPath.of("Projekte", "Übersicht");

    @TempDir
    Path data;

    private Harness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new Harness(data);
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private static MimeMessage mail(String subject) throws Exception {
        String text = "From: bob@example.org\r\nTo: ada@example.org\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + subject.replace(' ', '-') + "@example.org>\r\n\r\nBody of " + subject + ".\r\n";
        return new MimeMessage(Session.getInstance(new java.util.Properties()),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private void append(Store client, String folder, String subject, Flags.Flag... flags) throws Exception {
        Folder f = harness.folder(client, folder);
        MimeMessage message = mail(subject);
        for (Flags.Flag flag : flags) {
            message.setFlag(flag, true);
        }
        f.appendMessages(new Message[] {message});
    }

    private static List<String> subjects(Replica replica, FolderPath folder) throws Exception {
        return replica.messages(folder).stream().map(MessageInfo::subject).sorted().toList();
    }

    @Test
    void fullThenIncrementalSyncMirrorsMessagesFlagsAndExpunges() throws Exception {
        try (Store client = harness.client()) {
            append(client, "INBOX", "one");
            append(client, "INBOX", "two", Flags.Flag.SEEN);
            append(client, "INBOX", "three");
            char separator = client.getDefaultFolder().getSeparator();
            harness.folder(client, "Projekte");
            append(client, "Projekte" + separator + "Übersicht", "plan", Flags.Flag.FLAGGED);
        }
        ImapAccountStore account = harness.account(Harness.PASSWORD);
        Harness.Recorder first = new Harness.Recorder();
        assertEquals(Status.SUCCESS, harness.sync(account, first, DOWN), first.errors.toString());
        Replica replica = harness.replica(account);
        assertEquals(List.of("one", "three", "two"), subjects(replica, INBOX));
        assertEquals(List.of("plan"), subjects(replica, PROJECTS));
        assertTrue(replica.messages(PROJECTS).get(0).flags().contains(MessageFlag.FLAGGED));
        assertEquals(4, first.lastIndexMax, "progress counts every message of the sync");
        assertTrue(first.steps.stream().anyMatch(s -> s.startsWith("Inbox: 3 of 3")), first.steps.toString());
        byte[] stored;
        try (var in = account.openMessage(INBOX, replica.messages(INBOX).stream()
                .filter(m -> m.subject().equals("one")).findFirst().orElseThrow().id())) {
            stored = in.readAllBytes();
        }
        assertTrue(new String(stored, StandardCharsets.UTF_8).contains("Body of one."));

        try (Store client = harness.client()) {
            append(client, "INBOX", "four");
            Folder inbox = client.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            for (Message m : inbox.getMessages()) {
                if (m.getSubject().equals("one")) {
                    m.setFlag(Flags.Flag.ANSWERED, true);
                }
                if (m.getSubject().equals("three")) {
                    m.setFlag(Flags.Flag.DELETED, true);
                }
            }
            inbox.close(true);
        }
        Harness.Recorder second = new Harness.Recorder();
        assertEquals(Status.SUCCESS, harness.sync(account, second, DOWN), second.errors.toString());
        assertEquals(List.of("four", "one", "two"), subjects(replica, INBOX));
        assertEquals(1, second.lastIndexMax, "only the new message is downloaded");
        assertTrue(replica.messages(INBOX).stream().filter(m -> m.subject().equals("one")).findFirst().orElseThrow()
                .flags().contains(MessageFlag.ANSWERED));
        Harness.Recorder third = new Harness.Recorder();
        assertEquals(Status.SUCCESS, harness.sync(account, third, DOWN));
        assertEquals(0, third.lastIndexMax, "nothing changed, nothing downloaded");
    }

    @Test
    void localChangesAreUploadedAndCleared() throws Exception {
        try (Store client = harness.client()) {
            append(client, "INBOX", "read me");
        }
        ImapAccountStore account = harness.account(Harness.PASSWORD);
        assertEquals(Status.SUCCESS, harness.sync(account, new Harness.Recorder(), DOWN));
        Replica replica = harness.replica(account);
        MessageInfo message = replica.messages(INBOX).get(0);
        account.setFlags(INBOX, message.id(), EnumSet.of(MessageFlag.SEEN, MessageFlag.FLAGGED));
        account.createFolder(FolderPath.of("Archiv"));
        account.appendMessage(FolderPath.of("Archiv"), new ByteArrayInputStream(
                "From: ada@example.org\r\nSubject: draft\r\n\r\nMine.\r\n".getBytes(StandardCharsets.UTF_8)),
                Set.of(MessageFlag.DRAFT));
        assertEquals(3, replica.pendingChanges().size());

        Harness.Recorder recorder = new Harness.Recorder();
        assertEquals(Status.SUCCESS, harness.sync(account, recorder, BOTH), recorder.errors.toString());
        assertTrue(replica.pendingChanges().isEmpty(), "uploaded changes are cleared");
        try (Store client = harness.client()) {
            Folder inbox = client.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Flags flags = inbox.getMessages()[0].getFlags();
            assertTrue(flags.contains(Flags.Flag.SEEN) && flags.contains(Flags.Flag.FLAGGED), flags.toString());
            Folder archive = client.getFolder("Archiv");
            assertTrue(archive.exists());
            archive.open(Folder.READ_ONLY);
            assertEquals(1, archive.getMessageCount());
            assertEquals("draft", archive.getMessages()[0].getSubject());
        }
        assertEquals(1, replica.messages(FolderPath.of("Archiv")).size(), "the uploaded draft is not downloaded again");
    }

    @Test
    void localMovesDeletesAndFolderRenamesAreUploaded() throws Exception {
        try (Store client = harness.client()) {
            append(client, "INBOX", "keep");
            append(client, "INBOX", "move me");
            append(client, "INBOX", "delete me");
            append(client, "Old", "inside");
        }
        ImapAccountStore account = harness.account(Harness.PASSWORD);
        assertEquals(Status.SUCCESS, harness.sync(account, new Harness.Recorder(), DOWN));
        Replica replica = harness.replica(account);
        account.createFolder(FolderPath.of("Archiv"));
        for (MessageInfo m : replica.messages(INBOX)) {
            if (m.subject().equals("move me")) {
                account.moveMessage(INBOX, m.id(), FolderPath.of("Archiv"));
            } else if (m.subject().equals("delete me")) {
                account.deleteMessage(INBOX, m.id());
            }
        }
        account.renameFolder(FolderPath.of("Old"), FolderPath.of("Renamed"));
        Harness.Recorder recorder = new Harness.Recorder();
        assertEquals(Status.SUCCESS, harness.sync(account, recorder, BOTH), recorder.errors.toString());
        assertTrue(replica.pendingChanges().isEmpty());
        try (Store client = harness.client()) {
            Folder inbox = client.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertEquals(List.of("keep"), java.util.Arrays.stream(inbox.getMessages()).map(m -> {
                try {
                    return m.getSubject();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList());
            Folder archive = client.getFolder("Archiv");
            archive.open(Folder.READ_ONLY);
            assertEquals("move me", archive.getMessages()[0].getSubject());
            assertTrue(client.getFolder("Renamed").exists());
            assertFalse(client.getFolder("Old").exists());
        }
        assertEquals(List.of("keep"), subjects(replica, INBOX));
        assertEquals(List.of("move me"), subjects(replica, FolderPath.of("Archiv")), "moved once, not duplicated");
        assertEquals(List.of("inside"), subjects(replica, FolderPath.of("Renamed")));
    }

    @Test
    void aRenumberedFolderIsSyncedAnewWithoutDuplicates() throws Exception {
        try (Store client = harness.client()) {
            append(client, "Lists", "a");
            append(client, "Lists", "b");
        }
        long createdSecond = System.currentTimeMillis() / 1000;
        ImapAccountStore account = harness.account(Harness.PASSWORD);
        assertEquals(Status.SUCCESS, harness.sync(account, new Harness.Recorder(), DOWN));
        // GreenMail's UIDVALIDITY is the folder's creation second: a folder made again within the same second
        // would keep it (and reuse the UIDs), which no server may do. The next second comes within one.
        while (System.currentTimeMillis() / 1000 == createdSecond) {
            Thread.sleep(10);
        }
        try (Store client = harness.client()) {
            Folder lists = client.getFolder("Lists");
            lists.delete(true);
            append(client, "Lists", "a");
            append(client, "Lists", "c");
        }
        Harness.Recorder recorder = new Harness.Recorder();
        Status status = harness.sync(account, recorder, DOWN);
        assertTrue(status.succeeded(), status + " " + recorder.errors);
        assertEquals(List.of("a", "c"), subjects(harness.replica(account), FolderPath.of("Lists")));
    }

    @Test
    void serverFolderChangesAreMirrored() throws Exception {
        try (Store client = harness.client()) {
            append(client, "Old name", "x");
        }
        ImapAccountStore account = harness.account(Harness.PASSWORD);
        assertEquals(Status.SUCCESS, harness.sync(account, new Harness.Recorder(), DOWN));
        try (Store client = harness.client()) {
            Folder old = client.getFolder("Old name");
            assertTrue(old.renameTo(client.getFolder("New name")));
        }
        assertEquals(Status.SUCCESS, harness.sync(account, new Harness.Recorder(), DOWN));
        List<FolderPath> folders = harness.replica(account).folders().stream().map(FolderInfo::path).toList();
        assertTrue(folders.contains(FolderPath.of("New name")), folders.toString());
        assertFalse(folders.contains(FolderPath.of("Old name")), folders.toString());
        assertEquals(List.of("x"), subjects(harness.replica(account), FolderPath.of("New name")));
    }

    @Test
    void aLogonFailureEndsTheSyncAtOnceWithItsStatus() throws Exception {
        ImapAccountStore account = harness.account("wrong-password");
        Harness.Recorder recorder = new Harness.Recorder();
        assertEquals(Status.LOGON, harness.sync(account, recorder, DOWN));
        assertTrue(recorder.errors.get(0).contains("refused the credentials of ada"), recorder.errors.toString());
        assertFalse(String.join(" ", recorder.errors).contains("wrong-password"), "the password never shows");
    }

    @Test
    void anUnreachableServerEndsAsANetworkFailureAfterRetries() throws Exception {
        ImapAccountStore account = harness.account(Harness.PASSWORD);
        harness.greenMail.stop();
        Harness.Recorder recorder = new Harness.Recorder();
        assertEquals(Status.NETWORK, harness.sync(account, recorder, DOWN));
        assertTrue(recorder.errors.get(0).contains("after 3 attempts"), recorder.errors.toString());
        assertEquals(2, recorder.steps.stream().filter(s -> s.startsWith("Connection lost")).count());
    }

    @Test
    void aCancelIsHonouredWithinASecond() throws Exception {
        try (Store client = harness.client()) {
            Folder inbox = harness.folder(client, "INBOX");
            Message[] many = new Message[150];
            for (int i = 0; i < many.length; i++) {
                many[i] = mail("bulk " + i);
            }
            inbox.appendMessages(many);
        }
        ImapAccountStore account = harness.account(Harness.PASSWORD);
        // The download waits at its tenth message until the cancel is given: it is surely under way then, however
        // fast the server and the disk are.
        java.util.concurrent.CountDownLatch atTenth = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch cancelGiven = new java.util.concurrent.CountDownLatch(1);
        Harness.Recorder recorder = new Harness.Recorder() {
            @Override
            public void progress(String step, long index, long indexMax) {
                super.progress(step, index, indexMax);
                if (step.startsWith("Inbox: 10 of")) {
                    atTenth.countDown();
                    try {
                        cancelGiven.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        Replica replica = harness.replica(account);
        var session = new dev.mapisync.api.sync.SyncSession() {
            @Override
            public dev.mapisync.api.store.MessageStore defaultStore() {
                return harness.local;
            }

            @Override
            public Replica replica() {
                return replica;
            }

            @Override
            public java.util.concurrent.Executor executor() {
                return harness.executor;
            }
        };
        var handle = account.synchronizeInBackground(dev.mapisync.api.sync.SyncRequest.builder().flags(DOWN)
                .session(session).callback(recorder).build());
        assertTrue(atTenth.await(30, java.util.concurrent.TimeUnit.SECONDS), "the download reached its tenth message");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (replica.messages(INBOX).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long cancelled = System.nanoTime();
        handle.cancel();
        cancelGiven.countDown();
        Status status = handle.completion().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
        long millis = (System.nanoTime() - cancelled) / 1_000_000;
        assertEquals(Status.CANCELLED, status);
        assertTrue(millis < 1000, "cancel took " + millis + " ms");
        int kept = replica.messages(INBOX).size();
        assertTrue(kept > 0 && kept < 150, "partly downloaded: " + kept);

        Harness.Recorder resumed = new Harness.Recorder();
        assertEquals(Status.SUCCESS, harness.sync(account, resumed, DOWN));
        assertEquals(150, replica.messages(INBOX).size(), "resumed without duplicates");
        assertEquals(150 - kept, resumed.lastIndexMax, "and without downloading again what the replica held");
    }

    @Test
    void headersOnlyFetchesBodiesOnDemand() throws Exception {
        try (Store client = harness.client()) {
            append(client, "INBOX", "later");
        }
        TestConfig config = new TestConfig();
        config.port = harness.port();
        config.headersOnly = true;
        ImapAccountStore account = new ImapAccountStore(config, harness.local);
        assertEquals(Status.SUCCESS, harness.sync(account, new Harness.Recorder(), DOWN));
        Replica replica = harness.replica(account);
        MessageInfo headers = replica.messages(INBOX).get(0);
        assertFalse(headers.complete(), "only the headers were downloaded");
        assertEquals("later", headers.subject());
        try (var in = replica.openMessage(INBOX, headers.id())) {
            assertFalse(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("Body of later."));
        }
        try (var in = account.openMessage(INBOX, headers.id())) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("Body of later."),
                    "opening it fetches the body");
        }
        MessageInfo whole = replica.messages(INBOX).get(0);
        assertTrue(whole.complete());
        assertEquals(1, replica.remoteIds(INBOX).size());
        assertEquals(Status.SUCCESS, harness.sync(account, new Harness.Recorder(), DOWN));
        assertEquals(1, replica.messages(INBOX).size(), "and the next sync keeps it once");
    }

    @Test
    void aConnectionCutInTheMiddleOfAFetchIsResumedWithoutDuplicates() throws Exception {
        try (Store client = harness.client()) {
            Folder inbox = harness.folder(client, "INBOX");
            Message[] many = new Message[60];
            for (int i = 0; i < many.length; i++) {
                many[i] = mail("cut " + i);
            }
            inbox.appendMessages(many);
        }
        try (CuttableProxy proxy = new CuttableProxy(harness.port())) {
            TestConfig config = new TestConfig();
            config.port = proxy.port();
            ImapAccountStore account = new ImapAccountStore(config, harness.local);
            Harness.Recorder recorder = new Harness.Recorder() {
                private boolean cut;

                @Override
                public void progress(String step, long index, long indexMax) {
                    super.progress(step, index, indexMax);
                    if (!cut && step.startsWith("Inbox: 20 of")) {
                        cut = true;
                        proxy.cut();
                    }
                }
            };
            assertEquals(Status.SUCCESS, harness.sync(account, recorder, DOWN), recorder.errors.toString());
            assertTrue(recorder.steps.stream().anyMatch(st -> st.startsWith("Connection lost")), "the cut was noticed");
            Replica replica = harness.replica(account);
            assertEquals(60, replica.messages(INBOX).size(), "every message, once");
            assertEquals(60, replica.remoteIds(INBOX).size());
            long fetched = recorder.steps.stream().filter(st -> st.matches("Inbox: [0-9,]+ of [0-9,]+ .*")).count();
            assertTrue(fetched < 60 + 25, "what the replica held was not fetched again: " + fetched + " fetches");
        }
    }
}
