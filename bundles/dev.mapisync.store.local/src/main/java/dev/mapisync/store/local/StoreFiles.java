package dev.mapisync.store.local;

import dev.mapisync.api.Identity;
import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the parts of one store share, bundled: its name and role, its tree of folders, the
 * listing index, the user's changes, the lock, the sync states and the deferred flushes; and
 * the looks they all take under the lock (a folder, its visible rows, a message's row).
 */
final class StoreFiles {

    private final Identity identity;
    private final StoreRole role;
    private final MaildirTree tree;
    private final ListingIndex index;
    private final UserChanges changes;
    private final StoreLock lock;
    private final SyncStateCache syncStates = new SyncStateCache();
    private final DeferredFlushes flushes = new DeferredFlushes();
    private final UniqueNames uniqueNames = new UniqueNames();
    private final AgreedState agreed;

    StoreFiles(Identity identity, StoreRole role, MaildirTree tree, ListingIndex index, UserChanges changes) {
        this.identity = identity;
        this.role = role;
        this.tree = tree;
        this.index = index;
        this.changes = changes;
        this.lock = new StoreLock(identity.displayName());
        this.agreed = new AgreedState(tree.root());
    }

    /** What replica and server last agreed on (a replica's; the default store keeps it but never reads it); guarded by the lock. */
    AgreedState agreed() {
        return agreed;
    }

    /** @return the server id field of a downloaded message's row */
    static Optional<String> remoteField(ListingRow row) {
        return MaildirName.parse(row.fileName()).remoteField();
    }

    Identity identity() {
        return identity;
    }

    StoreRole role() {
        return role;
    }

    MaildirTree tree() {
        return tree;
    }

    ListingIndex index() {
        return index;
    }

    UserChanges changes() {
        return changes;
    }

    StoreLock lock() {
        return lock;
    }

    /** Each folder's sync state as last read or written; guarded by the lock. */
    SyncStateCache syncStates() {
        return syncStates;
    }

    /** The renames that mirror the server, forced with the folder's next sync state; guarded by the lock. */
    DeferredFlushes flushes() {
        return flushes;
    }

    UniqueNames uniqueNames() {
        return uniqueNames;
    }

    /** Runs work under the lock of the open store; an I/O failure becomes a StoreException saying what failed. */
    <T> T locked(Supplier<String> what, StoreLock.Work<T> work) throws StoreException {
        return lock.locked(what, work);
    }

    /**
     * @return a folder that exists, its rows reconciled with its files first if the index is not
     *         trusted; the caller holds the lock
     */
    MaildirFolder folder(FolderPath path) throws StoreException, IOException {
        Path directory = existing(path);
        String key = FolderNames.directory(path);
        MaildirFolder folder = new MaildirFolder(path, directory, key, index);
        if (index.mustReconcile(key)) {
            // The last session did not close the index (or it closed itself since): its rows may lack messages stored
            // since, or hold gone ones.
            folder.reconcile();
            index.reconciled(key);
        }
        return folder;
    }

    /**
     * The folder's directory, for what needs no listing rows (its sync state): the listing index
     * stays parked, so that a sync that finds nothing changed opens no index. The caller holds the lock.
     */
    Path existing(FolderPath path) throws StoreException {
        return tree.existing(path, identity.displayName());
    }

    /** @return the rows of the folder's messages, without those of a server folder's past validity */
    Map<String, ListingRow> visible(MaildirFolder folder) throws IOException {
        Map<String, ListingRow> rows = folder.reconcile();
        if (role != StoreRole.REPLICA) {
            // Only a replica's messages carry a server's numbering.
            return rows;
        }
        long validity = syncStates.validity(folder.directory());
        Map<String, ListingRow> current = new HashMap<>();
        for (Map.Entry<String, ListingRow> row : rows.entrySet()) {
            Optional<String> remote = MaildirName.parse(row.getValue().fileName()).remoteField();
            if (remote.isPresent() && !remote.get().startsWith(validity + "-")) {
                // A leftover of a reset cut short by a crash: the server no longer knows it.
                folder.delete(row.getKey(), row.getValue());
            } else {
                current.put(row.getKey(), row.getValue());
            }
        }
        return current;
    }

    /** @throws StoreException NOT_FOUND if the folder has no such message */
    static ListingRow row(MaildirFolder folder, MessageId id) throws StoreException, IOException {
        Optional<ListingRow> row = folder.row(id.value());
        if (row.isEmpty()) {
            throw new StoreException(Status.NOT_FOUND, "no message " + id + " in folder \"" + folder.path() + "\"");
        }
        return row.get();
    }

    /** @return the server's id of a downloaded message's row */
    static Optional<String> remoteId(ListingRow row) {
        return MaildirName.parse(row.fileName()).remoteField().map(MaildirName::decodeRemote);
    }

    /** Found through the index's server ids (the current validity only), not by scanning the folder. */
    Optional<Map.Entry<String, ListingRow>> byRemote(MaildirFolder folder, String remoteId) throws IOException {
        return folder.byRemote(MaildirName.encodeRemote(syncStates.validity(folder.directory()), remoteId));
    }

    /**
     * The folder tree is about to change: the deferred flushes go to disk first, and the cached
     * sync states and reconciled folders are forgotten (a directory may be another folder's
     * now). The one place the cache is invalidated; the caller holds the lock.
     */
    void treeChanged() throws IOException {
        flushes.forceAll();
        agreed.saveAndForget();
        syncStates.forgetAll();
        index.folderTreeChanged();
    }
}
