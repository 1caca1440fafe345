package dev.mapisync.store.local;

import dev.mapisync.api.Identity;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.DeletionSafety;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A message store in a Maildir++ directory ({@link MaildirTree}): the default store, or one
 * remote store's replica ({@link StoreRole}). Every write of the user's is durable before it
 * returns (see {@link Durable}); the listing index is a cache of the files. In a replica, the
 * user's changes are journaled for upload ({@link UserChanges}) and the {@code applyRemote*}
 * writes mirror the server without journaling. A downloaded message's content is durable when
 * {@code applyRemoteAppend} returns, but the renames that mirror the server (a downloaded
 * message moved into {@code cur/}, the server's flag changes) are forced with the folder's next
 * sync state: a crash before it loses only what the next sync brings again, never a state that
 * covers it.
 *
 * <p>The store is its parts, which share {@link StoreFiles}: {@link FolderHierarchy} (the
 * folders), {@link MessageFiles} (the user's messages), {@link MessageAppender} (the one write
 * path of a message), {@link ServerMirror} (what mirrors the server) and {@link ReplicaUploads}
 * (the changes waiting for upload). This class opens, parks and closes it, and hands each call
 * to its part.
 */
class MaildirStore implements Replica, AutoCloseable {

    static final String INDEX_FILE = "mapisync-index.mv.db";
    static final String JOURNAL_DIRECTORY = "mapisync-journal";

    private final StoreFiles files;
    /** The same as {@code files.index()}: the store's own to open, park and close (tests reach it by this name). */
    private final ListingIndex index;
    private final FolderHierarchy hierarchy;
    private final MessageFiles messages;
    private final MessageAppender appender;
    private final ServerMirror mirror;
    private final ReplicaUploads uploads;

    /** Opens (creating) the store at {@code root}; what a crash left there is cleared first. */
    MaildirStore(Identity identity, Path root, StoreRole role) throws StoreException {
        MaildirTree tree = new MaildirTree(root);
        try {
            tree.open();
            this.index = new ListingIndex(root.resolve(INDEX_FILE));
            UserChanges changes = role == StoreRole.REPLICA
                    ? new JournaledChanges(new ChangeJournal(root.resolve(JOURNAL_DIRECTORY)))
                    : UserChanges.none(identity.displayName());
            this.files = new StoreFiles(identity, role, tree, index, changes);
            if (role == StoreRole.DEFAULT_STORE) {
                for (WellKnownFolder folder : WellKnownFolder.values()) {
                    MaildirFolder.create(tree.directory(folder.path()));
                }
            }
        } catch (IOException e) {
            throw StoreFailures.of("the store at " + root + " cannot be opened", e);
        }
        this.hierarchy = new FolderHierarchy(files);
        this.messages = new MessageFiles(files);
        this.appender = new MessageAppender(files);
        this.mirror = new ServerMirror(files, appender);
        this.uploads = new ReplicaUploads(files);
    }

    @Override
    public Identity identity() {
        return files.identity();
    }

    Path root() {
        return files.tree().root();
    }

    /**
     * Opens the listing index now, not at the first use: for the default store, which the host
     * uses from its start, so that a clean stop always leaves the index marked as saved (a
     * replica's index waits for its first use: a host of many accounts opens only those it uses).
     */
    void openIndexNow() {
        files.lock().anyway(() -> {
            index.commit();
            return null;
        });
    }

    /**
     * Parks the listing index if nothing used the store for {@code idleMillis} (see
     * {@link ListingIndex#park()}); a store in use at this moment is left alone.
     *
     * @return whether it was parked now
     */
    boolean parkIfIdle(long idleMillis) {
        return files.lock().ifIdle(idleMillis, index::parked, () -> {
            // As at a close: the renames the marker vouches for are on disk first.
            files.flushes().forceAll();
            files.agreed().saveAndForget();
            index.park();
            return index.parked();
        });
    }

    /** @return the directories whose renames mirroring the server are not forced yet (for tests) */
    Set<Path> unforcedDirectories() {
        return files.lock().anyway(files.flushes()::pending);
    }

    // ---- folders

    @Override
    public List<FolderInfo> folders() throws StoreException {
        return hierarchy.folders();
    }

    @Override
    public List<FolderPath> folderPaths() throws StoreException {
        return hierarchy.folderPaths();
    }

    @Override
    public FolderInfo createFolder(FolderPath path) throws StoreException {
        return hierarchy.createFolder(path);
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws StoreException {
        hierarchy.renameFolder(from, to);
    }

    @Override
    public void deleteFolder(FolderPath path) throws StoreException {
        hierarchy.deleteFolder(path);
    }

    // ---- messages

    @Override
    public List<MessageInfo> messages(FolderPath folder) throws StoreException {
        return messages.messages(folder);
    }

    @Override
    public MessageInfo message(FolderPath folder, MessageId id) throws StoreException {
        return messages.message(folder, id);
    }

    @Override
    public InputStream openMessage(FolderPath folder, MessageId id) throws StoreException {
        return messages.openMessage(folder, id);
    }

    @Override
    public MessageId appendMessage(FolderPath folder, InputStream content, Set<MessageFlag> flags) throws StoreException {
        return appender.appendMessage(folder, content, flags);
    }

    @Override
    public void setFlags(FolderPath folder, MessageId id, Set<MessageFlag> flags) throws StoreException {
        messages.setFlags(folder, id, flags);
    }

    @Override
    public MessageId moveMessage(FolderPath from, MessageId id, FolderPath to) throws StoreException {
        return messages.moveMessage(from, id, to);
    }

    @Override
    public void deleteMessage(FolderPath folder, MessageId id) throws StoreException {
        messages.deleteMessage(folder, id);
    }

    // ---- mirroring the server

    @Override
    public Optional<FolderSyncState> syncState(FolderPath folder) throws StoreException {
        return mirror.syncState(folder);
    }

    @Override
    public void setSyncState(FolderPath folder, FolderSyncState state) throws StoreException {
        mirror.setSyncState(folder, state);
    }

    @Override
    public Map<String, MessageId> remoteIds(FolderPath folder) throws StoreException {
        return mirror.remoteIds(folder);
    }

    @Override
    public Optional<MessageId> messageByRemoteId(FolderPath folder, String remoteId) throws StoreException {
        return mirror.messageByRemoteId(folder, remoteId);
    }

    @Override
    public MessageId applyRemoteAppend(FolderPath folder, String remoteId, InputStream content, Set<MessageFlag> flags,
            boolean complete) throws StoreException {
        return mirror.applyRemoteAppend(folder, remoteId, content, flags, complete);
    }

    @Override
    public void applyRemoteFlags(FolderPath folder, String remoteId, Set<MessageFlag> flags) throws StoreException {
        mirror.applyRemoteFlags(folder, remoteId, flags);
    }

    @Override
    public void applyRemoteDelete(FolderPath folder, String remoteId) throws StoreException {
        mirror.applyRemoteDelete(folder, remoteId);
    }

    @Override
    public void applyRemoteCreateFolder(FolderPath folder) throws StoreException {
        hierarchy.applyRemoteCreateFolder(folder);
    }

    @Override
    public void applyRemoteRenameFolder(FolderPath from, FolderPath to) throws StoreException {
        hierarchy.applyRemoteRenameFolder(from, to);
    }

    @Override
    public void applyRemoteDeleteFolder(FolderPath folder) throws StoreException {
        hierarchy.applyRemoteDeleteFolder(folder);
    }

    @Override
    public void resetFolder(FolderPath folder, FolderSyncState state) throws StoreException {
        mirror.resetFolder(folder, state);
    }

    // ---- the user's changes, for upload

    @Override
    public Map<FolderPath, String> journalOutsideChanges(DeletionSafety safety) throws StoreException {
        if (files.role() != StoreRole.REPLICA) {
            return Map.of();
        }
        return files.locked(() -> "the files of " + files.identity().displayName() + " cannot be compared with the "
                + "last sync", () -> new OutsideChangeScan(files, safety).run());
    }

    @Override
    public List<LocalChange> pendingChanges() throws StoreException {
        return uploads.pendingChanges();
    }

    @Override
    public void noteUpload(LocalChange change, String note) throws StoreException {
        uploads.noteUpload(change, note);
    }

    @Override
    public Optional<String> uploadNote(LocalChange change) throws StoreException {
        return uploads.uploadNote(change);
    }

    @Override
    public void acknowledge(LocalChange change, Optional<String> remoteId) throws StoreException {
        uploads.acknowledge(change, remoteId);
    }

    @Override
    public void close() {
        files.lock().close(() -> {
            try {
                files.flushes().forceAll();
                files.agreed().saveAndForget();
            } catch (IOException e) {
                // Nothing to tell anyone at close: at worst the server's last changes are mirrored again.
            }
            index.close();
        });
    }

    @Override
    public String toString() {
        return files.identity() + " at " + files.tree().root();
    }
}
