package dev.mapisync.store.maildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncProgressCallback;
import dev.mapisync.api.sync.SyncRequest;
import dev.mapisync.api.sync.SyncSession;
import dev.mapisync.store.local.LocalStore;
import dev.mapisync.store.local.LocalStoreConfig;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template provider against a Maildir laid out as mutt and Dovecot do, with the real default store as replica. */
class MaildirImportTest {

    private static final FolderPath INBOX = FolderPath.of("Inbox");
    private static final FolderPath CAFE = FolderPath.of("Work", "Caf\u00e9");

    @TempDir
    Path temp;

    private Path maildir;
    private LocalStore local;
    private MaildirAccountStore store;

    @BeforeEach
    void setUp() throws Exception {
        maildir = temp.resolve("Mail");
        for (String folder : new String[] {"", ".Sent", ".Work.Caf&AOk-"}) {
            for (String part : new String[] {"cur", "new", "tmp"}) {
                Files.createDirectories(maildir.resolve(folder).resolve(part));
            }
        }
        Path data = temp.resolve("data");
        local = new LocalStore(new LocalStoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LocalStoreConfig.class;
            }

            @Override
            public String dataDirectory() {
                return data.toString();
            }
        });
        store = new MaildirAccountStore(config("archive", maildir.toString()), local);
    }

    @AfterEach
    void tearDown() throws Exception {
        local.close();
    }

    @Test
    void importsFoldersMessagesAndFlagsThenOnlyWhatChanged() throws Exception {
        message("", "cur", "1700000001.M1.host:2,S", "read");
        message("", "new", "1700000002.M2.host", "unread");
        message(".Work.Caf&AOk-", "cur", "1700000003.M3.host:2,FS", "flagged");
        message(".Sent", "cur", "1700000004.M4.host:2,S", "sent");

        Recorder first = new Recorder();
        assertEquals(Status.SUCCESS, sync(first, Runnable::run));
        assertEquals(List.of("Inbox", "Sent", "Work", "Work/Caf\u00e9"), folders());
        assertEquals(List.of("read", "unread"), subjects(INBOX));
        assertEquals(EnumSet.of(MessageFlag.SEEN), flags(INBOX, "read"));
        assertEquals(EnumSet.noneOf(MessageFlag.class), flags(INBOX, "unread"));
        assertEquals(EnumSet.of(MessageFlag.FLAGGED, MessageFlag.SEEN), flags(CAFE, "flagged"));
        assertEquals(4, first.lastIndexMax);
        assertTrue(store.messages(INBOX).stream().allMatch(MessageInfo::complete), "the store reads its replica");

        List<MessageInfo> before = replica().messages(INBOX);
        assertEquals(Status.SUCCESS, sync(new Recorder(), Runnable::run));
        assertEquals(before, replica().messages(INBOX), "a sync with no change changes nothing");

        // A mail reader reads one (renamed, new to cur), one is deleted, one arrives.
        Files.move(maildir.resolve("new/1700000002.M2.host"), maildir.resolve("cur/1700000002.M2.host:2,S"));
        Files.delete(maildir.resolve(".Work.Caf&AOk-/cur/1700000003.M3.host:2,FS"));
        message("", "new", "1700000005.M5.host", "arrived");
        assertEquals(Status.SUCCESS, sync(new Recorder(), Runnable::run));
        assertEquals(List.of("arrived", "read", "unread"), subjects(INBOX));
        assertEquals(EnumSet.of(MessageFlag.SEEN), flags(INBOX, "unread"));
        assertEquals(List.of(), subjects(CAFE));

        // A folder removed from the Maildir goes from the replica too.
        deleteTree(maildir.resolve(".Sent"));
        assertEquals(Status.SUCCESS, sync(new Recorder(), Runnable::run));
        assertEquals(List.of("Inbox", "Work", "Work/Caf\u00e9"), folders());
    }

    @Test
    void anUnreadableMessageIsReportedAndTheRestImported() throws Exception {
        message("", "cur", "1700000001.M1.host:2,S", "fine");
        // A file whose reading fails (EIO), even for root: procfs memory at address 0.
        Files.createSymbolicLink(maildir.resolve("cur/1700000002.M2.host:2,"), Path.of("/proc/self/mem"));
        Recorder recorder = new Recorder();
        assertEquals(Status.PARTIAL, sync(recorder, Runnable::run));
        assertEquals(List.of("fine"), subjects(INBOX));
        assertEquals(1, recorder.errors.size(), recorder.errors.toString());
        assertTrue(recorder.errors.get(0).contains("1700000002.M2.host"), recorder.errors.toString());
    }

    @Test
    void aCancelledSyncStopsBetweenMessages() throws Exception {
        for (int i = 0; i < 50; i++) {
            message("", "cur", "17000000" + i + ".M.host:2,S", "m" + i);
        }
        List<Runnable> queued = new ArrayList<>();
        Recorder recorder = new Recorder();
        var handle = store.synchronizeInBackground(request(recorder, queued::add));
        handle.cancel();
        queued.forEach(Runnable::run);
        assertEquals(Status.CANCELLED, handle.completion().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertEquals(List.of(Status.CANCELLED), recorder.done);
        assertTrue(replica().messages(INBOX).size() < 50);
    }

    @Test
    void aMissingMaildirIsNamedAndABlankOneRefused() throws Exception {
        MaildirAccountStore missing = new MaildirAccountStore(config("gone", temp.resolve("nowhere").toString()), local);
        Recorder recorder = new Recorder();
        var handle = missing.synchronizeInBackground(request(recorder, Runnable::run, local.replica(missing.identity())));
        assertEquals(Status.NOT_FOUND, handle.completion().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertTrue(recorder.errors.get(0).contains(temp.resolve("nowhere") + " is not a Maildir"), recorder.errors.toString());

        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> new MaildirAccountStore(config("blank", " "), local));
        assertTrue(blank.getMessage().contains("'directory' is missing"), blank.getMessage());
    }

    @Test
    void theMirrorIsReadOnly() {
        assertThrows(dev.mapisync.api.store.StoreException.class, () -> store.createFolder(FolderPath.of("New")));
    }

    private void message(String folder, String part, String name, String subject) throws Exception {
        Files.writeString(maildir.resolve(folder).resolve(part).resolve(name),
                "From: ada@example.org\r\nSubject: " + subject + "\r\n\r\nbody of " + subject + "\r\n", StandardCharsets.US_ASCII);
    }

    private Replica replica() throws Exception {
        return local.replica(store.identity());
    }

    private List<String> folders() throws Exception {
        return replica().folders().stream().map(FolderInfo::path).map(FolderPath::toString).sorted().toList();
    }

    private List<String> subjects(FolderPath folder) throws Exception {
        return replica().messages(folder).stream().map(MessageInfo::subject).sorted().toList();
    }

    private Set<MessageFlag> flags(FolderPath folder, String subject) throws Exception {
        return replica().messages(folder).stream().filter(m -> m.subject().equals(subject)).findFirst().orElseThrow().flags();
    }

    private Status sync(Recorder recorder, Executor executor) throws Exception {
        var handle = store.synchronizeInBackground(request(recorder, executor));
        Status status = handle.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(List.of(status), recorder.done, "done exactly once, with the handle's status");
        return status;
    }

    private SyncRequest request(Recorder recorder, Executor executor) throws Exception {
        return request(recorder, executor, replica());
    }

    private SyncRequest request(Recorder recorder, Executor executor, Replica replica) {
        SyncSession session = new SyncSession() {
            @Override
            public MessageStore defaultStore() {
                return local;
            }

            @Override
            public Replica replica() {
                return replica;
            }

            @Override
            public Executor executor() {
                return executor;
            }
        };
        return SyncRequest.builder().flags(EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS))
                .session(session).callback(recorder).build();
    }

    private static MaildirConfig config(String account, String directory) {
        return new MaildirConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MaildirConfig.class;
            }

            @Override
            public String account() {
                return account;
            }

            @Override
            public String directory() {
                return directory;
            }

            @Override
            public long mapisync_sync_interval() {
                return 0;
            }
        };
    }

    private static void deleteTree(Path root) throws Exception {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** A callback that records, checking the contract as the host does. */
    static final class Recorder implements SyncProgressCallback {
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<Status> done = new CopyOnWriteArrayList<>();
        volatile long lastIndexMax;

        @Override
        public void progress(String step, long index, long indexMax) {
            if (index < 0 || index > indexMax) {
                throw new AssertionError("progress " + index + " of " + indexMax);
            }
            lastIndexMax = indexMax;
        }

        @Override
        public void error(Status status, String text) {
            errors.add(status + ": " + text);
        }

        @Override
        public void done(Status status) {
            done.add(status);
        }
    }
}
