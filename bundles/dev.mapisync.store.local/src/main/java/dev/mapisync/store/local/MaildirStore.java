package dev.mapisync.store.local;

import dev.mapisync.api.Identity;
import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A message store in a Maildir++ directory ({@link MaildirTree}): the default store, or one
 * remote store's replica ({@link StoreRole}). Every write of the user's is durable before it
 * returns (see {@link Durable}); the listing index is a cache of the files. In a replica, the
 * user's changes are journaled for upload ({@link UserChanges}) and the {@code applyRemote*}
 * writes mirror the server without journaling. A downloaded message's content is durable when {@code applyRemoteAppend}
 * returns, but the renames that mirror the server (a downloaded message moved into
 * {@code cur/}, the server's flag changes) are forced with the folder's next sync state: a
 * crash before it loses only what the next sync brings again, never a state that covers it.
 */
class MaildirStore implements Replica, AutoCloseable {

    static final String INDEX_FILE = "mapisync-index.mv.db";
    static final String JOURNAL_DIRECTORY = "mapisync-journal";

    private final Identity identity;
    private final MaildirTree tree;
    private final StoreRole role;
    private final ListingIndex index;
    private final UserChanges changes;
    private final UniqueNames uniqueNames = new UniqueNames();
    private final StoreLock lock;
    /** The renames that mirror the server, forced with the folder's next sync state; guarded by the lock. */
    private final DeferredFlushes flushes = new DeferredFlushes();
    /** Each folder's sync state as last read or written; guarded by the lock. */
    private final SyncStateCache syncStates = new SyncStateCache();

    /** Opens (creating) the store at {@code root}; what a crash left there is cleared first. */
    MaildirStore(Identity identity, Path root, StoreRole role) throws StoreException {
        this.identity = identity;
        this.lock = new StoreLock(identity.displayName());
        this.tree = new MaildirTree(root);
        this.role = role;
        try {
            tree.open();
            this.index = new ListingIndex(root.resolve(INDEX_FILE));
            this.changes = role == StoreRole.REPLICA
                    ? new JournaledChanges(new ChangeJournal(root.resolve(JOURNAL_DIRECTORY)))
                    : UserChanges.none(identity.displayName());
            if (role == StoreRole.DEFAULT_STORE) {
                for (WellKnownFolder folder : WellKnownFolder.values()) {
                    MaildirFolder.create(tree.directory(folder.path()));
                }
            }
        } catch (IOException e) {
            throw failure("the store at " + root + " cannot be opened", e);
        }
    }

    @Override
    public Identity identity() {
        return identity;
    }

    Path root() {
        return tree.root();
    }

    /** The caller holds the lock. */
    private MaildirFolder folder(FolderPath path) throws StoreException, IOException {
        Path directory = existingDirectory(path);
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
    private Path existingDirectory(FolderPath path) throws StoreException {
        return tree.existing(path, identity.displayName());
    }

    private static StoreException failure(String what, IOException e) {
        return StoreFailures.of(what, e);
    }

    /**
     * Opens the listing index now, not at the first use: for the default store, which the host
     * uses from its start, so that a clean stop always leaves the index marked as saved (a
     * replica's index waits for its first use: a host of many accounts opens only those it uses).
     */
    void openIndexNow() {
        lock.anyway(() -> {
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
        return lock.ifIdle(idleMillis, index::parked, () -> {
            // As at a close: the renames the marker vouches for are on disk first.
            flushes.forceAll();
            index.park();
            return index.parked();
        });
    }

    private <T> T locked(Supplier<String> what, StoreLock.Work<T> work) throws StoreException {
        return lock.locked(what, work);
    }

    private void lockOpen() throws StoreException {
        lock.lockOpen();
    }

    // ---- hierarchy

    @Override
    public List<FolderInfo> folders() throws StoreException {
        return locked(() -> "the folders of " + identity.displayName() + " cannot be listed", () -> {
            List<FolderInfo> folders = new ArrayList<>();
            for (FolderPath path : tree.paths()) {
                folders.add(info(folder(path)));
            }
            index.commit();
            return folders;
        });
    }

    @Override
    public List<FolderPath> folderPaths() throws StoreException {
        return locked(() -> "the folders of " + identity.displayName() + " cannot be listed", tree::paths);
    }

    private FolderInfo info(MaildirFolder folder) throws IOException {
        Map<String, ListingRow> rows = visible(folder);
        long unread = rows.values().stream().filter(r -> !MaildirName.parse(r.fileName()).flags()
                .contains(MessageFlag.SEEN)).count();
        return new FolderInfo(folder.path(), rows.size(), unread);
    }

    @Override
    public FolderInfo createFolder(FolderPath path) throws StoreException {
        return locked(() -> "folder \"" + path + "\" cannot be created", () -> {
            if (tree.exists(path)) {
                throw new StoreException(Status.COLLISION, "folder \"" + path + "\" exists already");
            }
            FolderPath parent = path.parent();
            if (!parent.isRoot() && !tree.exists(parent)) {
                throw new StoreException(Status.NOT_FOUND, "cannot create \"" + path + "\": its parent \"" + parent
                        + "\" does not exist");
            }
            changes.record(LocalChange.Kind.CREATE_FOLDER, path, Optional.empty(), Optional.empty(), Optional.empty(),
                    Set.of());
            makeFolder(path);
            return new FolderInfo(path, 0, 0);
        });
    }

    /** Makes the folder and any parent it lacks; the caller holds the lock. */
    private void makeWithParents(FolderPath path) throws IOException {
        if (tree.exists(path)) {
            return;
        }
        if (!path.parent().isRoot()) {
            makeWithParents(path.parent());
        }
        makeFolder(path);
    }

    /** The caller holds the lock. */
    private void makeFolder(FolderPath path) throws IOException {
        treeChanged();
        MaildirFolder.create(tree.directory(path));
    }

    /**
     * The folder tree is about to change: the deferred flushes go to disk first, and the cached
     * sync states and reconciled folders are forgotten (a directory may be another folder's
     * now). The one place the cache is invalidated; the caller holds the lock.
     */
    private void treeChanged() throws IOException {
        flushes.forceAll();
        syncStates.forgetAll();
        index.folderTreeChanged();
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws StoreException {
        locked(() -> "folder \"" + from + "\" cannot be renamed", () -> {
            checkRename(from, to);
            changes.record(LocalChange.Kind.RENAME_FOLDER, from, Optional.empty(), Optional.empty(), Optional.of(to),
                    Set.of());
            moveTree(from, to);
            return null;
        });
    }

    /** The caller holds the lock. */
    private void checkRename(FolderPath from, FolderPath to) throws IOException, StoreException {
        treeChanged();
        role.checkMovable(from, "renamed");
        role.checkMovable(to, "replaced");
        folder(from);
        if (from.contains(to)) {
            throw new StoreException(Status.PROVIDER_FAULT, "folder \"" + from + "\" cannot move into itself (\"" + to
                    + "\")");
        }
        if (Files.exists(tree.directory(to))) {
            throw new StoreException(Status.COLLISION, "cannot rename \"" + from + "\" to \"" + to + "\": it exists");
        }
        if (!to.parent().isRoot() && !tree.exists(to.parent())) {
            throw new StoreException(Status.NOT_FOUND, "cannot rename \"" + from + "\" to \"" + to
                    + "\": its new parent does not exist");
        }
    }

    /** Renames the folder and every folder below it, with their index rows; the caller holds the lock. */
    private void moveTree(FolderPath from, FolderPath to) throws IOException {
        String fromName = FolderNames.directory(from);
        String toName = FolderNames.directory(to);
        for (String name : tree.subtree(from)) {
            String renamed = toName + name.substring(fromName.length());
            tree.rename(name, renamed);
            index.rename(name, renamed);
        }
    }

    @Override
    public void deleteFolder(FolderPath path) throws StoreException {
        locked(() -> "folder \"" + path + "\" cannot be deleted", () -> {
            checkDelete(path);
            changes.record(LocalChange.Kind.DELETE_FOLDER, path, Optional.empty(), Optional.empty(), Optional.empty(),
                    Set.of());
            removeTree(path);
            return null;
        });
    }

    /** The caller holds the lock. */
    private void checkDelete(FolderPath path) throws IOException, StoreException {
        treeChanged();
        role.checkMovable(path, "deleted");
        folder(path);
    }

    /** Removes the folder and every folder below it, with their index rows; the caller holds the lock. */
    private void removeTree(FolderPath path) throws IOException {
        // Out of sight in one rename each, then removed; a crash in between leaves only trash to clear.
        for (String name : tree.subtree(path)) {
            Path trash = tree.moveAside(name);
            index.drop(name);
            tree.clear(trash);
        }
    }

    // ---- messages

    /** @return the rows of the folder's messages, without those of a server folder's past validity */
    private Map<String, ListingRow> visible(MaildirFolder folder) throws IOException {
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

    private static MessageInfo info(String base, ListingRow row) {
        MaildirName name = MaildirName.parse(row.fileName());
        return new MessageInfo(new MessageId(base), name.flags(), row.size(), Instant.ofEpochMilli(row.receivedMillis()),
                row.subject(), row.from(), name.complete());
    }

    @Override
    public List<MessageInfo> messages(FolderPath folder) throws StoreException {
        return locked(() -> "folder \"" + folder + "\" cannot be listed", () -> {
            List<MessageInfo> messages = new ArrayList<>();
            for (Map.Entry<String, ListingRow> row : visible(folder(folder)).entrySet()) {
                messages.add(info(row.getKey(), row.getValue()));
            }
            index.commit();
            return messages;
        });
    }

    private ListingRow row(MaildirFolder folder, MessageId id) throws StoreException, IOException {
        Optional<ListingRow> row = folder.row(id.value());
        if (row.isEmpty()) {
            throw new StoreException(Status.NOT_FOUND, "no message " + id + " in folder \"" + folder.path() + "\"");
        }
        return row.get();
    }

    @Override
    public MessageInfo message(FolderPath folder, MessageId id) throws StoreException {
        return locked(() -> "message " + id + " cannot be read", () -> {
            return info(id.value(), row(folder(folder), id));
        });
    }

    @Override
    public InputStream openMessage(FolderPath folder, MessageId id) throws StoreException {
        return locked(() -> "message " + id + " in \"" + folder + "\" cannot be opened", () -> {
            MaildirFolder maildir = folder(folder);
            try {
                return Files.newInputStream(maildir.file(row(maildir, id)));
            } catch (NoSuchFileException e) {
                // Renamed by another program since the index saw it: look again.
                return Files.newInputStream(maildir.file(row(maildir, id)));
            }
        });
    }

    @Override
    public MessageId appendMessage(FolderPath folder, InputStream content, Set<MessageFlag> flags) throws StoreException {
        return append(folder, content, flags, Optional.empty(), true);
    }

    /**
     * The one write path of a message: staged outside the lock ({@link StagedMessage}), stored
     * under it ({@link #store}), forced outside it again when it is the user's.
     *
     * @param remote the server's id field of a downloaded message (then its rename is forced with
     *        the sync state); empty for the user's own message
     */
    private MessageId append(FolderPath folder, InputStream content, Set<MessageFlag> flags, Optional<String> remote,
            boolean complete) throws StoreException {
        MaildirFolder maildir = locked(() -> "folder \"" + folder + "\" cannot be read", () -> folder(folder));
        String unique = uniqueNames.next();
        StagedMessage staged;
        try {
            staged = StagedMessage.write(maildir.directory(), unique, content);
        } catch (IOException e) {
            throw failure("a message cannot be written into \"" + folder + "\" (" + maildir.directory().resolve("tmp")
                    .resolve(unique) + ")", e);
        }
        try {
            lockOpen();
        } catch (StoreException closedMeanwhile) {
            staged.discard();
            throw closedMeanwhile;
        }
        MessageId stored;
        try {
            stored = store(maildir, staged, flags, remote, complete);
        } catch (IOException e) {
            throw failure("a message cannot be stored into \"" + folder + "\"", e);
        } finally {
            lock.unlock();
        }
        if (remote.isEmpty()) {
            try {
                // The user's message is on disk before the append returns; forced outside the lock so concurrent appends
                // share it.
                Durable.forceDirectory(maildir.directory().resolve("cur"));
            } catch (IOException e) {
                throw failure("a message stored into \"" + folder + "\" cannot be made durable", e);
            }
        }
        return stored;
    }

    /**
     * Renames a staged message into place (checked, recorded if it is the user's, replacing a
     * headers-only copy); discards it if it is not stored. The caller holds the lock.
     */
    private MessageId store(MaildirFolder maildir, StagedMessage staged, Set<MessageFlag> flags, Optional<String> remote,
            boolean complete) throws IOException, StoreException {
        boolean stored = false;
        try {
            Optional<Map.Entry<String, ListingRow>> replaced = Optional.empty();
            if (remote.isPresent()) {
                // Checked again under the lock: two writers of one server message store it once. A whole message
                // replaces its headers-only copy, after it is in place (a crash between leaves two files; the next
                // listing keeps the whole one, see MaildirFolder.reconcile).
                Optional<Map.Entry<String, ListingRow>> held = maildir.byRemote(remote.get());
                if (held.isPresent() && (!complete || MaildirName.parse(held.get().getValue().fileName()).complete())) {
                    return new MessageId(held.get().getKey());
                }
                replaced = held;
            }
            String base = staged.base(remote, complete);
            MaildirName name = new MaildirName(base, Set.copyOf(flags.isEmpty() ? Set.of() : EnumSet.copyOf(flags)), "");
            if (remote.isEmpty()) {
                changes.record(LocalChange.Kind.APPEND, maildir.path(), Optional.of(new MessageId(base)),
                        Optional.empty(), Optional.empty(), name.flags());
            }
            maildir.add(staged.temporary(), name, staged.size(), staged.summary());
            stored = true;
            if (replaced.isPresent()) {
                // The whole message is durably in place before its headers-only copy goes (the state covers both).
                Durable.forceDirectory(maildir.directory().resolve("cur"));
                maildir.delete(replaced.get().getKey(), replaced.get().getValue());
            }
            if (remote.isPresent()) {
                flushes.add(maildir.directory().resolve("cur"));
            }
            return new MessageId(base);
        } finally {
            if (!stored) {
                staged.discard();
            }
        }
    }

    @Override
    public void setFlags(FolderPath folder, MessageId id, Set<MessageFlag> flags) throws StoreException {
        Set<Path> renamed = locked(() -> "the flags of message " + id + " cannot be set", () -> {
            MaildirFolder maildir = folder(folder);
            ListingRow row = row(maildir, id);
            changes.record(LocalChange.Kind.FLAGS, folder, Optional.of(id), remoteId(row), Optional.empty(), flags);
            return maildir.setFlags(id.value(), row, flags);
        });
        force(renamed, () -> "the flags of message " + id + " cannot be made durable");
    }

    /** Forces directories a rename changed; outside the lock, so that concurrent writers share the flushes. */
    private void force(Set<Path> directories, Supplier<String> what) throws StoreException {
        try {
            for (Path directory : directories) {
                Durable.forceDirectory(directory);
            }
        } catch (IOException e) {
            throw failure(what.get(), e);
        }
    }

    private static Optional<String> remoteId(ListingRow row) {
        return MaildirName.parse(row.fileName()).remoteField().map(MaildirName::decodeRemote);
    }

    @Override
    public MessageId moveMessage(FolderPath from, MessageId id, FolderPath to) throws StoreException {
        return locked(() -> "message " + id + " cannot move from \"" + from + "\" to \"" + to + "\"", () -> {
            MaildirFolder source = folder(from);
            MaildirFolder target = folder(to);
            ListingRow row = row(source, id);
            changes.record(LocalChange.Kind.MOVE, from, Optional.of(id), remoteId(row), Optional.of(to),
                    MaildirName.parse(row.fileName()).flags());
            // The server id belongs to the source folder; in the target the message is the user's until uploaded.
            MaildirName name = MaildirName.parse(row.fileName());
            String base = name.baseWithoutRemote();
            MaildirName moved = new MaildirName(base, name.flags(), name.otherLetters());
            source.moveTo(id.value(), row, target, moved);
            return new MessageId(base);
        });
    }

    @Override
    public void deleteMessage(FolderPath folder, MessageId id) throws StoreException {
        locked(() -> "message " + id + " cannot be deleted", () -> {
            MaildirFolder maildir = folder(folder);
            ListingRow row = row(maildir, id);
            changes.record(LocalChange.Kind.DELETE, folder, Optional.of(id), remoteId(row), Optional.empty(), Set.of());
            maildir.delete(id.value(), row);
            return null;
        });
    }

    // ---- replica

    @Override
    public Optional<FolderSyncState> syncState(FolderPath folder) throws StoreException {
        return locked(() -> "the sync state of \"" + folder + "\" cannot be read", () -> {
            return syncStates.get(existingDirectory(folder));
        });
    }

    @Override
    public void setSyncState(FolderPath folder, FolderSyncState state) throws StoreException {
        locked(() -> "the sync state of \"" + folder + "\" cannot be written", () -> {
            Path directory = existingDirectory(folder);
            long before = syncStates.validity(directory);
            if (before != 0 && before != state.validity()) {
                throw new IllegalArgumentException("the validity of \"" + folder + "\" changes from " + before + " to "
                        + state.validity() + ": use resetFolder");
            }
            flushes.forceFolder(directory);
            syncStates.write(directory, state);
            return null;
        });
    }

    /** @return the directories whose renames mirroring the server are not forced yet (for tests) */
    Set<Path> unforcedDirectories() {
        return lock.anyway(flushes::pending);
    }

    @Override
    public Map<String, MessageId> remoteIds(FolderPath folder) throws StoreException {
        return locked(() -> "the server ids of \"" + folder + "\" cannot be read", () -> {
            Map<String, MessageId> ids = new HashMap<>();
            for (Map.Entry<String, ListingRow> row : visible(folder(folder)).entrySet()) {
                remoteId(row.getValue()).ifPresent(remote -> ids.put(remote, new MessageId(row.getKey())));
            }
            return ids;
        });
    }

    @Override
    public Optional<MessageId> messageByRemoteId(FolderPath folder, String remoteId) throws StoreException {
        return locked(() -> "server message " + remoteId + " cannot be looked up in \"" + folder + "\"",
                () -> byRemote(folder(folder), remoteId).map(row -> new MessageId(row.getKey())));
    }

    private long validity(FolderPath folder) throws StoreException {
        return syncState(folder).map(FolderSyncState::validity).orElse(0L);
    }

    @Override
    public MessageId applyRemoteAppend(FolderPath folder, String remoteId, InputStream content, Set<MessageFlag> flags,
            boolean complete) throws StoreException {
        Optional<MessageId> existing = messageByRemoteId(folder, remoteId);
        if (existing.isPresent() && (!complete || MaildirName.parse(existing.get().value()).complete())) {
            return existing.get();
        }
        return append(folder, content, flags, Optional.of(MaildirName.encodeRemote(validity(folder), remoteId)), complete);
    }

    /** Found through the index's server ids (the current validity only), not by scanning the folder. */
    private Optional<Map.Entry<String, ListingRow>> byRemote(MaildirFolder folder, String remoteId)
            throws IOException {
        return folder.byRemote(MaildirName.encodeRemote(syncStates.validity(folder.directory()), remoteId));
    }

    @Override
    /** The rename is forced with the folder's next sync state (or at close), not on its own. */
    public void applyRemoteFlags(FolderPath folder, String remoteId, Set<MessageFlag> flags) throws StoreException {
        locked(() -> "the flags of server message " + remoteId + " cannot be set", () -> {
            MaildirFolder maildir = folder(folder);
            Optional<Map.Entry<String, ListingRow>> row = byRemote(maildir, remoteId);
            if (row.isPresent()) {
                flushes.addAll(maildir.setFlags(row.get().getKey(), row.get().getValue(), flags));
            }
            return null;
        });
    }

    @Override
    public void applyRemoteDelete(FolderPath folder, String remoteId) throws StoreException {
        locked(() -> "server message " + remoteId + " cannot be deleted", () -> {
            MaildirFolder maildir = folder(folder);
            Optional<Map.Entry<String, ListingRow>> row = byRemote(maildir, remoteId);
            if (row.isPresent()) {
                maildir.delete(row.get().getKey(), row.get().getValue());
            }
            return null;
        });
    }

    @Override
    public void applyRemoteCreateFolder(FolderPath folder) throws StoreException {
        locked(() -> "folder \"" + folder + "\" cannot be created", () -> {
            makeWithParents(folder);
            return null;
        });
    }

    @Override
    public void applyRemoteRenameFolder(FolderPath from, FolderPath to) throws StoreException {
        locked(() -> "folder \"" + from + "\" cannot be renamed", () -> {
            checkRename(from, to);
            moveTree(from, to);
            return null;
        });
    }

    @Override
    public void applyRemoteDeleteFolder(FolderPath folder) throws StoreException {
        locked(() -> "folder \"" + folder + "\" cannot be deleted", () -> {
            checkDelete(folder);
            removeTree(folder);
            return null;
        });
    }

    @Override
    public void resetFolder(FolderPath folder, FolderSyncState state) throws StoreException {
        locked(() -> "folder \"" + folder + "\" cannot be reset", () -> {
            MaildirFolder maildir = folder(folder);
            // The new validity first: from then on every message of the old one is invisible, even after a crash.
            syncStates.write(maildir.directory(), state);
            visible(maildir);
            return null;
        });
    }

    @Override
    public List<LocalChange> pendingChanges() throws StoreException {
        try {
            return changes.pending();
        } catch (IOException e) {
            throw failure("the change journal cannot be read", e);
        }
    }

    @Override
    public void noteUpload(LocalChange change, String note) throws StoreException {
        if (note.length() > 1_000) {
            throw new IllegalArgumentException("an upload note holds at most 1,000 characters, this one " + note.length());
        }
        try {
            changes.noteUpload(change, note);
        } catch (IOException e) {
            throw failure("the upload note of change " + change.sequence() + " cannot be written", e);
        }
    }

    @Override
    public Optional<String> uploadNote(LocalChange change) throws StoreException {
        try {
            return changes.uploadNote(change);
        } catch (IOException e) {
            throw failure("the upload note of change " + change.sequence() + " cannot be read", e);
        }
    }

    @Override
    public void acknowledge(LocalChange change, Optional<String> remoteId) throws StoreException {
        lockOpen();
        try {
            changes.acknowledge(change, () -> {
                if (remoteId.isPresent() && change.message().isPresent()) {
                    FolderPath folder = change.kind() == LocalChange.Kind.MOVE ? change.target().orElseThrow()
                            : change.folder();
                    attachRemote(folder, change, remoteId.get());
                }
            });
        } catch (IOException e) {
            throw failure("change " + change.sequence() + " cannot be acknowledged", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives an uploaded message its server id (a rename, so its local id changes). The message
     * is looked for where the change put it, then (the user may have moved the folder since)
     * in every folder. If that folder holds the server's copy already, the local one goes: a
     * server id is held once.
     */
    private void attachRemote(FolderPath folder, LocalChange change, String remoteId) throws StoreException, IOException {
        String base = change.message().get().value();
        if (change.kind() == LocalChange.Kind.MOVE) {
            base = MaildirName.parse(base).baseWithoutRemote();
        }
        List<FolderPath> candidates = new ArrayList<>();
        candidates.add(folder);
        folders().forEach(f -> candidates.add(f.path()));
        for (FolderPath candidate : candidates) {
            MaildirFolder maildir;
            try {
                maildir = folder(candidate);
            } catch (StoreException e) {
                continue;
            }
            Optional<ListingRow> row = maildir.row(base);
            if (row.isPresent()) {
                String field = MaildirName.encodeRemote(validity(candidate), remoteId);
                if (maildir.byRemote(field).isPresent()) {
                    // A sync cut short after the upload downloaded the server's copy meanwhile: one copy is enough.
                    maildir.delete(base, row.get());
                } else {
                    maildir.attachRemote(base, row.get(), field);
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        lock.close(() -> {
            try {
                flushes.forceAll();
            } catch (IOException e) {
                // Nothing to tell anyone at close: at worst the server's last changes are mirrored again.
            }
            index.close();
        });
    }

    @Override
    public String toString() {
        return identity + " at " + tree.root();
    }
}
