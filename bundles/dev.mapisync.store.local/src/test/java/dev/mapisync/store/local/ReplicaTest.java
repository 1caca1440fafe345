package dev.mapisync.store.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Identity;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaTest {

    private static final Identity WORK = new Identity("imap:work", "Work");
    private static final FolderPath INBOX = FolderPath.of("Inbox");

    @TempDir
    Path data;

    private LocalStore storage;
    private Replica replica;

    @BeforeEach
    void open() throws StoreException {
        storage = new LocalStore(data);
        replica = storage.replica(WORK);
    }

    @AfterEach
    void close() {
        storage.deactivate();
    }

    /** @return {@code content} that, at each read, counts {@code reading} down and waits (10 s at most) for {@code until} */
    private static java.io.InputStream waiting(java.io.InputStream content, java.util.concurrent.CountDownLatch reading,
            java.util.concurrent.CountDownLatch until) {
        return new java.io.FilterInputStream(content) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                reading.countDown();
                try {
                    until.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return super.read(b, off, len);
            }
        };
    }

    @Test
    void eachOwnerHasItsOwnIsolatedTree() throws Exception {
        Replica other = storage.replica(new Identity("imap:home", "Home"));
        replica.applyRemoteAppend(INBOX, "1", Messages.stream("work", "w"), Set.of(), true);
        assertEquals(1, replica.messages(INBOX).size());
        assertTrue(other.messages(INBOX).isEmpty());
        assertTrue(storage.messages(INBOX).isEmpty(), "the default store does not see replicas");
        assertTrue(Files.isDirectory(data.resolve("replicas").resolve(LocalStore.directoryName("imap:work")).resolve("cur")));
        assertEquals(replica, storage.replica(WORK), "one owner, one replica");
    }

    @Test
    void remoteAppendsAreIdempotentAndCarryTheirServerId() throws Exception {
        MessageId first = replica.applyRemoteAppend(INBOX, "42", Messages.stream("s", "b"), Set.of(MessageFlag.SEEN), true);
        MessageId again = replica.applyRemoteAppend(INBOX, "42", Messages.stream("s", "b"), Set.of(), true);
        assertEquals(first, again);
        assertEquals(1, replica.messages(INBOX).size());
        assertEquals(Map.of("42", first), replica.remoteIds(INBOX));
        assertTrue(replica.pendingChanges().isEmpty(), "mirroring the server is not a local change");
    }

    @Test
    void downloadedMessagesAreForcedIntoPlaceWithTheFolderSyncStateAndTheUsersAtOnce() throws Exception {
        MaildirStore store = (MaildirStore) replica;
        Path cur = data.resolve("replicas").resolve(LocalStore.directoryName("imap:work")).resolve("cur");
        replica.setSyncState(INBOX, new FolderSyncState(7, 1, 1));
        replica.applyRemoteAppend(INBOX, "1", Messages.stream("one", "1"), Set.of(), true);
        replica.applyRemoteAppend(INBOX, "2", Messages.stream("two", "2"), Set.of(), true);
        assertEquals(Set.of(cur), store.unforcedDirectories(), "one flush for the folder's downloads, still to come");
        replica.setSyncState(INBOX, new FolderSyncState(7, 3, 1));
        assertEquals(Set.of(), store.unforcedDirectories(), "forced before the state that covers them is written");
        replica.appendMessage(INBOX, Messages.stream("mine", "m"), Set.of());
        assertEquals(Set.of(), store.unforcedDirectories(), "the user's own message is forced before the append returns");
        assertEquals(3, replica.messages(INBOX).size());
    }

    @Test
    void twoWritersOfOneServerMessageStoreItOnce() throws Exception {
        // Each stream waits until both writers are streaming: both looked for the server id before either stored it.
        java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.Callable<MessageId> writer = () -> replica.applyRemoteAppend(INBOX, "42",
                waiting(Messages.stream("s", "b"), streaming, streaming), Set.of(), true);
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = two.submit(writer);
            var second = two.submit(writer);
            assertEquals(first.get(30, java.util.concurrent.TimeUnit.SECONDS),
                    second.get(30, java.util.concurrent.TimeUnit.SECONDS), "both get the one message");
        } finally {
            two.shutdownNow();
        }
        assertEquals(1, replica.messages(INBOX).size(), "stored once");
        try (var files = Files.list(data.resolve("replicas").resolve(LocalStore.directoryName("imap:work")).resolve("tmp"))) {
            assertEquals(0, files.count(), "the second copy's temporary file is gone");
        }
    }

    @Test
    void aWriterStillStreamingWhenTheStoreClosesStoresNothingAndTheNextSessionStoresItOnce() throws Exception {
        // As at a SIGTERM: the host closes the store while a sync winding down streams one more message.
        replica.applyRemoteAppend(INBOX, "1", Messages.stream("one", "1"), Set.of(), true);
        java.util.concurrent.CountDownLatch streaming = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var late = writer.submit(() -> replica.applyRemoteAppend(INBOX, "2",
                    waiting(Messages.stream("two", "2"), streaming, closed), Set.of(), true));
            assertTrue(streaming.await(10, java.util.concurrent.TimeUnit.SECONDS));
            storage.deactivate();
            closed.countDown();
            var refused = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> late.get(30, java.util.concurrent.TimeUnit.SECONDS));
            StoreException cause = org.junit.jupiter.api.Assertions.assertInstanceOf(StoreException.class,
                    refused.getCause(), "the store refuses to write once closed");
            assertEquals(dev.mapisync.api.Status.CANCELLED, cause.status(), cause.getMessage());
        } finally {
            writer.shutdownNow();
        }
        Path folder = data.resolve("replicas").resolve(LocalStore.directoryName("imap:work"));
        try (var files = Files.list(folder.resolve("cur"))) {
            assertEquals(1, files.count(), "nothing was written after the close");
        }
        storage = new LocalStore(data);
        replica = storage.replica(WORK);
        replica.applyRemoteAppend(INBOX, "2", Messages.stream("two", "2"), Set.of(), true);
        try (var files = Files.list(folder.resolve("cur"))) {
            assertEquals(2, files.count(), "the next session stores it, once");
        }
    }

    @Test
    void anUploadedMessageWhoseServerCopyWasDownloadedMeanwhileIsHeldOnce() throws Exception {
        MessageId draft = replica.appendMessage(INBOX, Messages.stream("draft", "d"), Set.of(MessageFlag.DRAFT));
        LocalChange append = replica.pendingChanges().get(0);
        // The upload reached the server (UID 9), the acknowledgement did not happen, a download brought UID 9.
        replica.applyRemoteAppend(INBOX, "9", Messages.stream("draft", "d"), Set.of(MessageFlag.DRAFT), true);
        replica.acknowledge(append, Optional.of("9"));
        assertEquals(1, replica.messages(INBOX).size(), "one copy: " + replica.messages(INBOX));
        assertEquals(Set.of("9"), replica.remoteIds(INBOX).keySet());
        assertTrue(replica.messages(INBOX).stream().noneMatch(m -> m.id().equals(draft)), "the server's copy stays");
        assertTrue(replica.pendingChanges().isEmpty());
    }

    @Test
    void aWholeMessageReplacesItsHeadersOnlyCopy() throws Exception {
        String header = "From: a@example.org\r\nSubject: s\r\n\r\n";
        MessageId partial = replica.applyRemoteAppend(INBOX, "5",
                new java.io.ByteArrayInputStream(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), Set.of(), false);
        assertEquals(partial, replica.applyRemoteAppend(INBOX, "5", Messages.stream("s", "again"), Set.of(), false),
                "a second header is nothing new");
        MessageId whole = replica.applyRemoteAppend(INBOX, "5",
                new java.io.ByteArrayInputStream((header + "body\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                Set.of(), true);
        assertNotEquals(partial, whole);
        assertEquals(List.of(whole), replica.messages(INBOX).stream().map(m -> m.id()).toList(), "in its place");
        assertTrue(replica.message(INBOX, whole).complete());
        assertEquals(whole, replica.applyRemoteAppend(INBOX, "5", Messages.stream("s", "b"), Set.of(), false),
                "and a header after it changes nothing");
    }

    @Test
    void twoFilesOfOneServerIdAreOneMessageAndTheWholeOneStays() throws Exception {
        MessageId whole = replica.applyRemoteAppend(INBOX, "8", Messages.stream("s", "b"), Set.of(), true);
        Path cur = data.resolve("replicas").resolve(LocalStore.directoryName("imap:work")).resolve("cur");
        Path file;
        try (var files = Files.list(cur)) {
            file = files.findFirst().orElseThrow();
        }
        // What a crash between storing a whole message and removing its header leaves, or a copy by other software.
        String name = file.getFileName().toString();
        Files.copy(file, cur.resolve("1.M1P1Q1.other" + name.substring(name.indexOf(',')).replace(",R=", ",P,R=")));
        Files.copy(file, cur.resolve("2.M1P1Q1.other" + name.substring(name.indexOf(','))));
        assertEquals(List.of(whole), replica.messages(INBOX).stream().map(m -> m.id()).toList());
        try (var files = Files.list(cur)) {
            assertEquals(1, files.count(), "the second copies are gone");
        }
    }

    @Test
    void anUploadNoteIsKeptWithItsChangeUntilTheChangeIsAcknowledged() throws Exception {
        replica.appendMessage(INBOX, Messages.stream("draft", "d"), Set.of());
        LocalChange append = replica.pendingChanges().get(0);
        assertEquals(Optional.empty(), replica.uploadNote(append), "never sent");
        replica.noteUpload(append, "first");
        replica.noteUpload(append, "v1 7 12 abc");
        storage.deactivate();
        storage = new LocalStore(data);
        replica = storage.replica(WORK);
        LocalChange again = replica.pendingChanges().get(0);
        assertEquals(Optional.of("v1 7 12 abc"), replica.uploadNote(again), "the last note, durably");
        assertThrows(IllegalArgumentException.class, () -> replica.noteUpload(again, "x".repeat(1_001)));
        replica.acknowledge(again, Optional.empty());
        assertEquals(Optional.empty(), replica.uploadNote(again), "gone with the change");
        StoreException gone = assertThrows(StoreException.class, () -> replica.noteUpload(again, "late"));
        assertTrue(gone.getMessage().contains("no longer pending"), gone.getMessage());
    }

    @Test
    void oneServerMessageIsFoundByItsRemoteId() throws Exception {
        MessageId stored = replica.applyRemoteAppend(INBOX, "42", Messages.stream("s", "b"), Set.of(), true);
        assertEquals(Optional.of(stored), replica.messageByRemoteId(INBOX, "42"));
        assertEquals(Optional.empty(), replica.messageByRemoteId(INBOX, "43"));
        replica.applyRemoteDelete(INBOX, "42");
        assertEquals(Optional.empty(), replica.messageByRemoteId(INBOX, "42"), "gone once the server expunged it");
        assertThrows(StoreException.class, () -> replica.messageByRemoteId(FolderPath.of("Missing"), "42"));
    }

    @Test
    void folderPathsAreTheFoldersWithoutTheirCounts() throws Exception {
        replica.applyRemoteCreateFolder(FolderPath.of("A", "B"));
        replica.applyRemoteAppend(INBOX, "1", Messages.stream("s", "b"), Set.of(), true);
        assertEquals(replica.folders().stream().map(f -> f.path()).toList(), replica.folderPaths());
        assertEquals(List.of(INBOX, FolderPath.of("A"), FolderPath.of("A", "B")).stream().sorted().toList(),
                replica.folderPaths());
    }

    @Test
    void serverChangesAreMirroredWithoutJournaling() throws Exception {
        replica.applyRemoteAppend(INBOX, "7", Messages.stream("s", "b"), Set.of(), true);
        replica.applyRemoteFlags(INBOX, "7", Set.of(MessageFlag.FLAGGED));
        assertEquals(Set.of(MessageFlag.FLAGGED), replica.messages(INBOX).get(0).flags());
        replica.applyRemoteDelete(INBOX, "7");
        replica.applyRemoteDelete(INBOX, "unknown");
        assertTrue(replica.messages(INBOX).isEmpty());
        replica.applyRemoteCreateFolder(FolderPath.of("A", "B"));
        replica.applyRemoteRenameFolder(FolderPath.of("A"), FolderPath.of("C"));
        replica.applyRemoteDeleteFolder(FolderPath.of("C"));
        assertTrue(replica.pendingChanges().isEmpty());
    }

    @Test
    void aValidityChangeForgetsTheOldServerMessagesButKeepsLocalOnes() throws Exception {
        replica.setSyncState(INBOX, new FolderSyncState(100, 3, 0));
        replica.applyRemoteAppend(INBOX, "1", Messages.stream("old", "1"), Set.of(), true);
        replica.applyRemoteAppend(INBOX, "2", Messages.stream("old", "2"), Set.of(), true);
        MessageId draft = replica.appendMessage(INBOX, Messages.stream("draft", "mine"), Set.of(MessageFlag.DRAFT));
        assertThrows(IllegalArgumentException.class, () -> replica.setSyncState(INBOX, new FolderSyncState(200, 1, 0)));

        replica.resetFolder(INBOX, new FolderSyncState(200, 1, 0));
        assertEquals(Map.of(), replica.remoteIds(INBOX));
        assertEquals(List.of(draft), replica.messages(INBOX).stream().map(m -> m.id()).toList());
        replica.applyRemoteAppend(INBOX, "1", Messages.stream("new", "1"), Set.of(), true);
        assertEquals(Optional.of(new FolderSyncState(200, 1, 0)), replica.syncState(INBOX));
        assertEquals(1, replica.remoteIds(INBOX).size(), "UID 1 of the new validity is a new message");
    }

    @Test
    void aFolderSyncStateFollowsItsFolderThroughRenamesAndGoesWithIt() throws Exception {
        FolderPath projects = FolderPath.of("Projects");
        FolderPath archive = FolderPath.of("Archive");
        replica.applyRemoteCreateFolder(projects);
        replica.setSyncState(projects, new FolderSyncState(7, 10, 100));
        assertEquals(Optional.of(new FolderSyncState(7, 10, 100)), replica.syncState(projects));
        replica.setSyncState(projects, new FolderSyncState(7, 12, 105));
        assertEquals(Optional.of(new FolderSyncState(7, 12, 105)), replica.syncState(projects), "the last one written");

        replica.applyRemoteRenameFolder(projects, archive);
        assertEquals(Optional.of(new FolderSyncState(7, 12, 105)), replica.syncState(archive), "it moved with the folder");
        replica.applyRemoteCreateFolder(projects);
        assertEquals(Optional.empty(), replica.syncState(projects), "a new folder of the old name starts unsynchronized");

        replica.applyRemoteDeleteFolder(archive);
        replica.applyRemoteCreateFolder(archive);
        assertEquals(Optional.empty(), replica.syncState(archive), "deleted with its folder");

        replica.setSyncState(projects, new FolderSyncState(9, 1, 1));
        storage.deactivate();
        storage = new LocalStore(data);
        replica = storage.replica(WORK);
        assertEquals(Optional.of(new FolderSyncState(9, 1, 1)), replica.syncState(projects), "and on disk");
    }

    @Test
    void userChangesAreJournaledInOrderAndClearedWhenAcknowledged() throws Exception {
        MessageId server = replica.applyRemoteAppend(INBOX, "5", Messages.stream("s", "b"), Set.of(), true);
        replica.setFlags(INBOX, server, Set.of(MessageFlag.SEEN));
        replica.createFolder(FolderPath.of("Archive"));
        MessageId moved = replica.moveMessage(INBOX, server, FolderPath.of("Archive"));
        MessageId draft = replica.appendMessage(FolderPath.of("Archive"), Messages.stream("d", "d"), Set.of());
        replica.deleteMessage(FolderPath.of("Archive"), draft);
        replica.renameFolder(FolderPath.of("Archive"), FolderPath.of("Archive 2026"));

        List<LocalChange> changes = replica.pendingChanges();
        assertEquals(List.of(LocalChange.Kind.FLAGS, LocalChange.Kind.CREATE_FOLDER, LocalChange.Kind.MOVE,
                LocalChange.Kind.APPEND, LocalChange.Kind.DELETE, LocalChange.Kind.RENAME_FOLDER),
                changes.stream().map(LocalChange::kind).toList());
        assertEquals(Optional.of("5"), changes.get(0).remoteId());
        assertEquals(Set.of(MessageFlag.SEEN), changes.get(0).flags());
        assertEquals(Optional.of(FolderPath.of("Archive")), changes.get(2).target());
        assertNotEquals(server, moved);

        replica.acknowledge(changes.get(0), Optional.empty());
        replica.acknowledge(changes.get(2), Optional.of("77"));
        assertEquals(4, replica.pendingChanges().size());
        assertEquals(Set.of("77"), replica.remoteIds(FolderPath.of("Archive 2026")).keySet(),
                "the moved message now carries the id the server gave it");

        storage.deactivate();
        storage = new LocalStore(data);
        assertEquals(4, storage.replica(WORK).pendingChanges().size(), "the journal survives a restart");
    }
}
