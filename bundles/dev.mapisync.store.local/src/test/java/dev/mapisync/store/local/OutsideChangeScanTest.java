package dev.mapisync.store.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Identity;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.DeletionSafety;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica's files changed as other Maildir software changes them (a rename that adds a
 * flag, a file removed, a file moved to another folder's {@code cur/}, a file delivered into
 * {@code new/}, folders made, renamed and removed with plain directory commands): the next
 * look journals each as the user's change, once; the deletion safety holds a folder that
 * suddenly lost most of its messages; a folder whose directories did not change is not read.
 */
class OutsideChangeScanTest {

    private static final Identity WORK = new Identity("imap:work", "Work");
    private static final FolderPath INBOX = FolderPath.of("Inbox");
    private static final FolderPath ARCHIVE = FolderPath.of("Archive");

    @TempDir
    Path data;

    private LocalStore storage;
    private Replica replica;
    private Path root;

    @BeforeEach
    void open() throws Exception {
        storage = new LocalStore(data);
        replica = storage.replica(WORK);
        root = data.resolve("replicas").resolve(LocalStore.directoryName(WORK.id()));
        replica.applyRemoteCreateFolder(ARCHIVE);
        replica.setSyncState(INBOX, new FolderSyncState(7, 1, 0));
        replica.setSyncState(ARCHIVE, new FolderSyncState(8, 1, 0));
        for (int uid = 1; uid <= 4; uid++) {
            replica.applyRemoteAppend(INBOX, Integer.toString(uid), Messages.stream("inbox " + uid, "b"),
                    Set.of(MessageFlag.SEEN), true);
        }
        replica.applyRemoteAppend(ARCHIVE, "1", Messages.stream("archived", "b"), Set.of(), true);
        replica.setSyncState(INBOX, new FolderSyncState(7, 5, 0));
        replica.setSyncState(ARCHIVE, new FolderSyncState(8, 2, 0));
        assertEquals(Map.of(), look(), "the first look takes the files as agreed");
        assertTrue(replica.pendingChanges().isEmpty(), "and journals nothing");
    }

    @AfterEach
    void close() {
        storage.deactivate();
    }

    private Map<FolderPath, String> look() throws StoreException {
        return replica.journalOutsideChanges(DeletionSafety.DEFAULT);
    }

    /** @return the message file of server UID {@code uid} in the folder's directory */
    private static Path fileOf(Path folder, String uid) throws Exception {
        try (Stream<Path> files = Files.list(folder.resolve("cur"))) {
            return files.filter(f -> f.getFileName().toString().contains(",R=") && MaildirName.decodeRemote(
                    MaildirName.parse(f.getFileName().toString()).remoteField().orElseThrow()).equals(uid))
                    .findFirst().orElseThrow();
        }
    }

    private Path archive() {
        return root.resolve(".Archive");
    }

    @Test
    void aFlagAddedByRenamingTheFileIsJournaledOnce() throws Exception {
        Path file = fileOf(root, "2");
        Files.move(file, file.resolveSibling(file.getFileName().toString().replace(":2,S", ":2,FS")));
        look();
        List<LocalChange> pending = replica.pendingChanges();
        assertEquals(1, pending.size(), pending.toString());
        LocalChange change = pending.get(0);
        assertEquals(LocalChange.Kind.FLAGS, change.kind());
        assertEquals(Optional.of("2"), change.remoteId());
        assertEquals(Set.of(MessageFlag.FLAGGED, MessageFlag.SEEN), change.flags());
        assertEquals(Set.of(MessageFlag.SEEN), change.agreed().orElseThrow().flags(), "with the flags agreed before");
        look();
        assertEquals(1, replica.pendingChanges().size(), "a second look journals it no second time");
    }

    @Test
    void aRemovedFileIsADeletionAndAFileMovedToAnotherFolderAMove() throws Exception {
        Files.delete(fileOf(root, "1"));
        Path moved = fileOf(root, "3");
        Files.move(moved, archive().resolve("cur").resolve(moved.getFileName()));
        look();
        List<LocalChange> pending = replica.pendingChanges();
        assertEquals(2, pending.size(), pending.toString());
        LocalChange move = pending.stream().filter(c -> c.kind() == LocalChange.Kind.MOVE).findFirst().orElseThrow();
        assertEquals(INBOX, move.folder());
        assertEquals(Optional.of(ARCHIVE), move.target());
        assertEquals(Optional.of("3"), move.remoteId());
        LocalChange delete = pending.stream().filter(c -> c.kind() == LocalChange.Kind.DELETE).findFirst().orElseThrow();
        assertEquals(Optional.of("1"), delete.remoteId());
        assertEquals(2, replica.messages(ARCHIVE).size(), "the moved message is listed in its new folder");

        replica.acknowledge(move, Optional.of("9"));
        replica.acknowledge(delete, Optional.empty());
        assertEquals(Optional.of("8-9"), MaildirName.parse(fileOf(archive(), "9").getFileName().toString()).remoteField(),
                "the moved message carries the server id of its new folder");
        look();
        assertEquals(List.of(), replica.pendingChanges(), "acknowledged changes are agreed: nothing is found again");
    }

    @Test
    void aMessageDeliveredIntoNewAndOneReadThereAreAnAppendAndAFlagChange() throws Exception {
        Files.writeString(root.resolve("new").resolve("1700000000.M1P1.mutt"), Messages.text("delivered", "d"));
        Path read = fileOf(root, "4");
        // Read by a mail client that moves the file back to new/ without its info, as some do: the flag is gone.
        Files.move(read, root.resolve("new").resolve(MaildirName.parse(read.getFileName().toString()).base()));
        look();
        List<LocalChange> pending = replica.pendingChanges();
        assertEquals(2, pending.size(), pending.toString());
        LocalChange append = pending.stream().filter(c -> c.kind() == LocalChange.Kind.APPEND).findFirst().orElseThrow();
        assertEquals(INBOX, append.folder());
        assertEquals(Optional.of(new MessageId("1700000000.M1P1.mutt")), append.message());
        LocalChange flags = pending.stream().filter(c -> c.kind() == LocalChange.Kind.FLAGS).findFirst().orElseThrow();
        assertEquals(Set.of(), flags.flags());
        replica.acknowledge(append, Optional.of("5"));
        look();
        assertEquals(1, replica.pendingChanges().size(), "the uploaded message is agreed now, not found again");
    }

    @Test
    void aFolderThatLostMostOfItsMessagesIsHeldUntilConfirmed() throws Exception {
        for (int uid = 5; uid <= 24; uid++) {
            replica.applyRemoteAppend(INBOX, Integer.toString(uid), Messages.stream("more " + uid, "b"), Set.of(), true);
        }
        replica.setSyncState(INBOX, new FolderSyncState(7, 25, 0));
        for (int uid = 1; uid <= 15; uid++) {
            Files.delete(fileOf(root, Integer.toString(uid)));
        }
        Map<FolderPath, String> held = look();
        assertEquals(Set.of(INBOX), held.keySet());
        assertTrue(held.get(INBOX).contains("15 of its 24 messages") && held.get(INBOX).contains("confirmDeletions"),
                held.get(INBOX));
        assertEquals(List.of(), replica.pendingChanges(), "nothing is journaled for a held folder");
        assertEquals(Set.of(INBOX), look().keySet(), "and it stays held");
        assertEquals(Map.of(), replica.journalOutsideChanges(new DeletionSafety(0.5, 10, Set.of(INBOX))),
                "until the user confirms");
        assertEquals(15, replica.pendingChanges().stream().filter(c -> c.kind() == LocalChange.Kind.DELETE).count());
    }

    @Test
    void foldersMadeRenamedAndRemovedWithDirectoryCommands() throws Exception {
        Path made = root.resolve(".Made");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(made.resolve(sub));
        }
        Files.writeString(made.resolve("cur").resolve("1700000001.M2P2.mutt:2,S"), Messages.text("made", "m"));
        look();
        List<LocalChange> pending = replica.pendingChanges();
        assertEquals(List.of(LocalChange.Kind.CREATE_FOLDER, LocalChange.Kind.APPEND),
                pending.stream().map(LocalChange::kind).toList(), "the folder first, then its message");
        assertEquals(FolderPath.of("Made"), pending.get(0).folder());
        for (LocalChange change : pending) {
            replica.acknowledge(change, change.kind() == LocalChange.Kind.APPEND ? Optional.of("1") : Optional.empty());
        }

        Files.move(archive(), root.resolve(".Renamed"));
        look();
        pending = replica.pendingChanges();
        assertEquals(1, pending.size(), pending.toString());
        assertEquals(LocalChange.Kind.RENAME_FOLDER, pending.get(0).kind());
        assertEquals(ARCHIVE, pending.get(0).folder());
        assertEquals(Optional.of(FolderPath.of("Renamed")), pending.get(0).target());
        replica.acknowledge(pending.get(0), Optional.empty());

        MaildirFolder.deleteTree(root.resolve(".Renamed"));
        look();
        pending = replica.pendingChanges();
        assertEquals(1, pending.size(), pending.toString());
        assertEquals(LocalChange.Kind.DELETE_FOLDER, pending.get(0).kind());
        assertEquals(FolderPath.of("Renamed"), pending.get(0).folder());
        assertEquals(Optional.of(new FolderSyncState(8, 2, 0)), pending.get(0).agreed().orElseThrow().folderState(),
                "with the state agreed, so that an upload sees whether the server folder received mail since");
    }

    @Test
    void aFolderCopiedWithItsStateIsANewFolderWhoseMessagesAreNew() throws Exception {
        Path copy = root.resolve(".Copy");
        copyTree(archive(), copy);
        look();
        List<LocalChange> pending = replica.pendingChanges();
        assertEquals(List.of(LocalChange.Kind.CREATE_FOLDER, LocalChange.Kind.APPEND),
                pending.stream().map(LocalChange::kind).toList(), pending.toString());
        assertTrue(replica.syncState(FolderPath.of("Copy")).isEmpty(), "the copied state was another folder's");
        assertEquals(1, replica.messages(ARCHIVE).size(), "the original stays");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : all.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    @Test
    void aFolderWhoseDirectoriesDidNotChangeIsNotRead() throws Exception {
        // Times well in the past: a look taken now can trust them to show the next change.
        FileTime past = FileTime.from(Instant.now().minusSeconds(60));
        for (Path folder : List.of(root, archive())) {
            Files.setLastModifiedTime(folder.resolve("cur"), past);
            Files.setLastModifiedTime(folder.resolve("new"), past);
        }
        look();
        storage.deactivate();
        // A record that cannot be read: a look that read it would fail.
        Files.writeString(archive().resolve(AgreedMessages.NAME), "damaged");
        storage = new LocalStore(data);
        replica = storage.replica(WORK);
        assertEquals(Map.of(), look(), "nothing changed: the record is not read");
        Files.writeString(archive().resolve("new").resolve("1700000002.M3P3.mutt"), Messages.text("new", "n"));
        StoreException damaged = assertThrows(StoreException.class, this::look, "a change is seen, and the record read");
        assertTrue(damaged.getMessage().contains(AgreedMessages.NAME), damaged.getMessage());
    }

    @Test
    void theStoresOwnChangesAreNeverTakenForAnotherProgramsDoing() throws Exception {
        MessageId first = replica.messages(INBOX).stream().filter(m -> m.subject().equals("inbox 1")).findFirst()
                .orElseThrow().id();
        replica.setFlags(INBOX, first, Set.of(MessageFlag.FLAGGED));
        replica.applyRemoteFlags(INBOX, "2", Set.of());
        replica.applyRemoteDelete(INBOX, "3");
        replica.applyRemoteRenameFolder(ARCHIVE, FolderPath.of("Old"));
        replica.setSyncState(INBOX, new FolderSyncState(7, 5, 0));
        int journaled = replica.pendingChanges().size();
        look();
        assertEquals(journaled, replica.pendingChanges().size(), "only the user's own change is journaled");
        assertFalse(replica.pendingChanges().stream().anyMatch(c -> c.kind() != LocalChange.Kind.FLAGS));
    }
}
