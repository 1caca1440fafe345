package dev.mapisync.store.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Identity;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.Replica;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Set;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2's MVStore closes itself when something fails inside it (an OutOfMemoryError, an I/O
 * error): every later call says "This store is closed". A replica whose index did so goes on:
 * the next call opens the index again and checks it against the files, so nothing stored is
 * lost or doubled, and another replica never noticed. Before, the replica failed every call
 * until the host restarted (issue 17: after an OutOfMemoryError, the accounts failed every
 * later sync with "MVStoreException: This store is closed"). An idle replica's index is parked
 * (closed cleanly, to free its caches and H2's write buffers) and opened again, trusted, at the
 * next use; and a session that began after an unclean stop leaves no mark of a clean close
 * unless it reconciled every folder.
 */
class ClosedIndexTest {

    private static final FolderPath INBOX = FolderPath.of("Inbox");

    @TempDir
    Path data;

    /** Closes the replica's index as MVStore's own panic does (closeImmediately, nothing saved). */
    private static void closeAsAPanicDoes(Replica replica) throws Exception {
        Field indexField = MaildirStore.class.getDeclaredField("index");
        indexField.setAccessible(true);
        Object index = indexField.get(replica);
        Field storeField = ListingIndex.class.getDeclaredField("store");
        storeField.setAccessible(true);
        ((MVStore) storeField.get(index)).closeImmediately();
    }

    private static java.util.Map<?, ?> remotesHeld(Replica replica) throws Exception {
        Field indexField = MaildirStore.class.getDeclaredField("index");
        indexField.setAccessible(true);
        Field remotes = ListingIndex.class.getDeclaredField("remotes");
        remotes.setAccessible(true);
        return (java.util.Map<?, ?>) remotes.get(indexField.get(replica));
    }

    @Test
    void anIdleReplicasIndexIsParkedAndOpenedAgainAtTheNextUse() throws Exception {
        LocalStore storage = new LocalStore(data);
        Identity owner = new Identity("imap:work", "Work");
        try {
            Replica work = storage.replica(owner);
            work.setSyncState(INBOX, new FolderSyncState(7, 1, 0));
            for (int i = 1; i <= 5; i++) {
                work.applyRemoteAppend(INBOX, Integer.toString(i), Messages.stream("work " + i, "w"), Set.of(), true);
            }
            assertEquals(0, storage.parkIdle(60_000), "not idle yet");
            assertEquals(1, storage.parkIdle(0));
            assertTrue(java.nio.file.Files.exists(data.resolve("replicas/id-" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest("imap:work".getBytes(
                            java.nio.charset.StandardCharsets.UTF_8))) + "/" + MaildirStore.INDEX_FILE
                    + ListingIndex.CLEAN_SUFFIX)), "parked as a clean close leaves it");
            assertTrue(work.messageByRemoteId(INBOX, "5").isPresent(), "opened again at the next use");
            assertEquals(5, work.messages(INBOX).size());
            work.applyRemoteAppend(INBOX, "6", Messages.stream("work 6", "w"), Set.of(), true);
            assertEquals(1, storage.parkIdle(0), "and parked again");
            assertTrue(remotesHeld(work).isEmpty(), "a parked index holds no server ids in memory either: at 1,000 "
                    + "accounts they were 17 MB of a 128 MB heap");
            assertTrue(work.messageByRemoteId(INBOX, "6").isPresent(), "built again at the next use");
        } finally {
            storage.deactivate();
        }
        LocalStore again = new LocalStore(data);
        try {
            assertEquals(6, again.replica(owner).messages(INBOX).size());
        } finally {
            again.deactivate();
        }
    }

    @Test
    void theSyncStateIsReadAndWrittenWithTheIndexLeftParked() throws Exception {
        LocalStore storage = new LocalStore(data);
        try {
            Replica work = storage.replica(new Identity("imap:work", "Work"));
            work.setSyncState(INBOX, new FolderSyncState(7, 1, 0));
            work.applyRemoteAppend(INBOX, "1", Messages.stream("work 1", "w"), Set.of(), true);
            assertEquals(1, storage.parkIdle(0));
            // What a sync that finds nothing changed asks: opening the index (a forced write at its open and at its
            // park) would cost more than the rest of such a sync; at 1,000 accounts, half the host's CPU.
            assertEquals(java.util.Optional.of(new FolderSyncState(7, 1, 0)), work.syncState(INBOX));
            work.setSyncState(INBOX, new FolderSyncState(7, 2, 5));
            assertEquals(0, storage.parkIdle(0), "the index was not opened again, so there is nothing to park");
            assertEquals(1, work.messages(INBOX).size(), "opened at the first use of its rows");
            assertEquals(1, storage.parkIdle(0), "and parked again after it");
        } finally {
            storage.deactivate();
        }
    }

    @Test
    void aSessionAfterAnUncleanStopThatLookedAtSomeFoldersOnlyLeavesTheOthersToBeReconciled() throws Exception {
        Identity owner = new Identity("imap:work", "Work");
        FolderPath archive = FolderPath.of("Archive");
        LocalStore first = new LocalStore(data);
        Replica crashed = first.replica(owner);
        crashed.setSyncState(INBOX, new FolderSyncState(7, 1, 0));
        crashed.applyRemoteCreateFolder(archive);
        crashed.setSyncState(archive, new FolderSyncState(8, 1, 0));
        crashed.applyRemoteAppend(archive, "1", Messages.stream("a1", "a"), Set.of(), true);
        crashed.messages(archive);
        // Stored after the listing saved the rows; then the index goes without saving, as in a kill.
        crashed.applyRemoteAppend(archive, "2", Messages.stream("a2", "a"), Set.of(), true);
        closeAsAPanicDoes(crashed);

        LocalStore second = new LocalStore(data);
        second.replica(owner).messages(INBOX);
        second.deactivate();

        LocalStore third = new LocalStore(data);
        try {
            assertTrue(third.replica(owner).messageByRemoteId(archive, "2").isPresent(),
                    "the folder the second session never looked at is reconciled, not trusted");
        } finally {
            third.deactivate();
            first.deactivate();
        }
    }

    @Test
    void aReplicaWhoseIndexClosedItselfGoesOnWithEverythingItStored() throws Exception {
        LocalStore storage = new LocalStore(data);
        Replica work = storage.replica(new Identity("imap:work", "Work"));
        Replica home = storage.replica(new Identity("imap:home", "Home"));
        try {
            work.setSyncState(INBOX, new FolderSyncState(7, 1, 0));
            for (int i = 1; i <= 20; i++) {
                work.applyRemoteAppend(INBOX, Integer.toString(i), Messages.stream("work " + i, "w"), Set.of(), true);
            }
            home.applyRemoteAppend(INBOX, "1", Messages.stream("home", "h"), Set.of(), true);
            work.messages(INBOX);
            // Stored after the last listing saved the rows: only the files know these two.
            work.applyRemoteAppend(INBOX, "21", Messages.stream("work 21", "w"), Set.of(), true);
            work.applyRemoteAppend(INBOX, "22", Messages.stream("work 22", "w"), Set.of(), true);

            closeAsAPanicDoes(work);

            assertEquals(22, work.messages(INBOX).size(), "every message, none twice");
            assertTrue(work.messageByRemoteId(INBOX, "22").isPresent(), "found by its server id");
            work.applyRemoteAppend(INBOX, "22", Messages.stream("work 22", "w"), Set.of(), true);
            assertEquals(22, work.messages(INBOX).size(), "a server id stored once");
            work.applyRemoteAppend(INBOX, "23", Messages.stream("work 23", "w"), Set.of(), true);
            assertEquals(23, work.remoteIds(INBOX).size());
            assertEquals(1, home.messages(INBOX).size(), "the other replica never noticed");
        } finally {
            storage.deactivate();
        }
        LocalStore again = new LocalStore(data);
        try {
            assertEquals(23, again.replica(new Identity("imap:work", "Work")).messages(INBOX).size(), "after a restart too");
        } finally {
            again.deactivate();
        }
    }
}
