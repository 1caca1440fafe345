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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A message store in a Maildir++ directory: the default store, or one remote store's replica.
 * Every write of the user's is durable before it returns (see {@link Durable}); the listing
 * index is a cache of the files. In a replica ({@code journaled}), the user's changes are
 * journaled for upload and the {@code applyRemote*} writes mirror the server without
 * journaling. A downloaded message's content is durable when {@code applyRemoteAppend}
 * returns, but the renames that mirror the server (a downloaded message moved into
 * {@code cur/}, the server's flag changes) are forced with the folder's next sync state: a
 * crash before it loses only what the next sync brings again, never a state that covers it.
 */
class MaildirStore implements Replica, AutoCloseable {

    static final String INDEX_FILE = "mapisync-index.mv.db";
    static final String JOURNAL_DIRECTORY = "mapisync-journal";
    private static final String TRASH_PREFIX = "mapisync-trash-";

    private final Identity identity;
    private final Path root;
    private final boolean journaled;
    private final boolean defaultStore;
    private final ListingIndex index;
    private final ChangeJournal journal;
    private final UniqueNames uniqueNames = new UniqueNames();
    private final ReentrantLock lock = new ReentrantLock();
    /** When the store was last used (System.nanoTime), guarded by the lock. */
    private long lastUse = System.nanoTime();
    /**
     * Whether the index may be open: set by every use, cleared once it is parked; read without
     * the lock, so that the check every idle replica gets (a thousand of them, twice a second)
     * takes no lock.
     */
    private volatile boolean maybeInUse = true;
    /**
     * Set by {@link #close()}, guarded by the lock: after it nothing touches the files, so the
     * index's mark of a clean close stays true even when a sync that is still winding down
     * tries to store one more message.
     */
    private boolean closed;
    /**
     * Directories that mirroring the server renamed files in (its flag changes, downloaded
     * messages moved into place), not forced yet; guarded by the lock. A folder's are forced
     * before its sync state is written, so the state never covers a change a crash could undo,
     * and one flush serves a whole folder's downloads instead of one per message.
     */
    private final Set<Path> unforcedRenames = new HashSet<>();
    /**
     * Each folder's sync state as last read or written, by folder directory; guarded by the
     * lock. This store is the only writer of those files, and a sync asks for the validity with
     * every message it stores; forgotten whenever the folder tree changes.
     */
    private final Map<Path, Optional<FolderSyncState>> syncStates = new HashMap<>();

    /**
     * Opens (creating) the store at {@code root}.
     *
     * @param defaultStore whether it holds the well-known folders, which cannot be renamed or deleted
     * @param journaled whether the user's changes are journaled for upload (a replica)
     */
    MaildirStore(Identity identity, Path root, boolean defaultStore, boolean journaled) throws StoreException {
        this.identity = identity;
        this.root = root;
        this.defaultStore = defaultStore;
        this.journaled = journaled;
        try {
            MaildirFolder.create(root);
            removeLeftovers();
            this.index = new ListingIndex(root.resolve(INDEX_FILE));
            this.journal = journaled ? new ChangeJournal(root.resolve(JOURNAL_DIRECTORY)) : null;
            if (defaultStore) {
                for (WellKnownFolder folder : WellKnownFolder.values()) {
                    MaildirFolder.create(directory(folder.path()));
                }
            }
        } catch (IOException e) {
            throw failure("the store at " + root + " cannot be opened", e);
        }
    }

    /** What a crash leaves: temporary files and half-deleted folders. */
    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(TRASH_PREFIX)) {
                    MaildirFolder.deleteTree(entry);
                } else if (Files.isDirectory(entry) && (name.startsWith(".") && name.length() > 1 || name.equals("tmp"))) {
                    MaildirFolder.clearTemporary(name.equals("tmp") ? root : entry);
                }
            }
        }
        MaildirFolder.clearTemporary(root);
    }

    @Override
    public Identity identity() {
        return identity;
    }

    Path root() {
        return root;
    }

    private Path directory(FolderPath folder) {
        String name = FolderNames.directory(folder);
        Path directory = name.isEmpty() ? root : root.resolve(name);
        // FolderPath and FolderNames already make escaping impossible; this keeps it so.
        if (!directory.normalize().startsWith(root.normalize())) {
            throw new IllegalArgumentException("folder \"" + folder + "\" would lie outside the store");
        }
        return directory;
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
        if (path.isRoot()) {
            throw new IllegalArgumentException("the root is not a folder");
        }
        Path directory = directory(path);
        if (!Files.isDirectory(directory.resolve("cur"))) {
            throw new StoreException(Status.NOT_FOUND, "no folder \"" + path + "\" in " + identity.displayName());
        }
        return directory;
    }

    private StoreException failure(String what, IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null && fs.getReason().contains("No space left")
                || e.getMessage() != null && e.getMessage().contains("No space left")) {
            return new StoreException(Status.QUOTA, what + ": the disk is full (" + e.getMessage() + ")", e);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof AccessDeniedException || message.contains("Read-only file system")
                || message.contains("Operation not permitted")) {
            return new StoreException(Status.PROVIDER_FAULT, what + ": not writable (" + e.getMessage() + ")", e);
        }
        return new StoreException(Status.PROVIDER_FAULT, what + ": " + e, e);
    }

    /** Work on the store's files, done under its lock. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException, StoreException;
    }

    /** Takes the lock of an open store. @throws StoreException if it is closed; the lock is then not held */
    private void lockOpen() throws StoreException {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new StoreException(Status.CANCELLED, identity.displayName() + " is closed; nothing more is read or "
                    + "written");
        }
        lastUse = System.nanoTime();
        maybeInUse = true;
    }

    /**
     * Opens the listing index now, not at the first use: for the default store, which the host
     * uses from its start, so that a clean stop always leaves the index marked as saved (a
     * replica's index waits for its first use: a host of many accounts opens only those it uses).
     */
    void openIndexNow() {
        lock.lock();
        try {
            maybeInUse = true;
            index.commit();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Parks the listing index if nothing used the store for {@code idleMillis} (see
     * {@link ListingIndex#park()}); a store in use at this moment is left alone.
     *
     * @return whether it was parked now
     */
    boolean parkIfIdle(long idleMillis) {
        if (!maybeInUse || !lock.tryLock()) {
            return false;
        }
        try {
            if (closed || index.parked()) {
                // A use sets it again, under the lock, after this.
                maybeInUse = false;
                return false;
            }
            if (System.nanoTime() - lastUse < idleMillis * 1_000_000L) {
                return false;
            }
            // As at a close: the renames the marker vouches for are on disk first.
            forceRemoteRenames(null);
            index.park();
            return index.parked();
        } catch (IOException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Runs work under the lock; an I/O failure becomes a StoreException saying what failed. */
    private <T> T locked(Supplier<String> what, Work<T> work) throws StoreException {
        lockOpen();
        try {
            return work.run();
        } catch (IOException e) {
            throw failure(what.get(), e);
        } finally {
            lock.unlock();
        }
    }

    // ---- hierarchy

    @Override
    public List<FolderInfo> folders() throws StoreException {
        return locked(() -> "the folders of " + identity.displayName() + " cannot be listed", () -> {
            List<FolderInfo> folders = new ArrayList<>();
            for (FolderPath path : paths()) {
                folders.add(info(folder(path)));
            }
            index.commit();
            return folders;
        });
    }

    @Override
    public List<FolderPath> folderPaths() throws StoreException {
        return locked(() -> "the folders of " + identity.displayName() + " cannot be listed", this::paths);
    }

    /** Every folder's path, sorted (parents first), the Inbox always; the caller holds the lock. */
    private List<FolderPath> paths() throws IOException {
        List<FolderPath> paths = new ArrayList<>();
        paths.add(WellKnownFolder.INBOX.path());
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, ".*")) {
            for (Path entry : entries) {
                Optional<FolderPath> path = FolderNames.folder(entry.getFileName().toString());
                if (path.isPresent() && Files.isDirectory(entry.resolve("cur"))) {
                    paths.add(path.get());
                }
            }
        }
        paths.sort(FolderPath::compareTo);
        return paths;
    }

    private FolderInfo info(MaildirFolder folder) throws IOException {
        Map<String, ListingRow> rows = visible(folder);
        long unread = rows.values().stream().filter(r -> !MaildirName.parse(r.fileName()).flags()
                .contains(MessageFlag.SEEN)).count();
        return new FolderInfo(folder.path(), rows.size(), unread);
    }

    @Override
    public FolderInfo createFolder(FolderPath path) throws StoreException {
        return createFolder(path, journaled, false);
    }

    private FolderInfo createFolder(FolderPath path, boolean journal, boolean createParents) throws StoreException {
        return locked(() -> "folder \"" + path + "\" cannot be created", () -> {
            Path directory = directory(path);
            if (Files.exists(directory.resolve("cur"))) {
                throw new StoreException(Status.COLLISION, "folder \"" + path + "\" exists already");
            }
            FolderPath parent = path.parent();
            if (!parent.isRoot() && !Files.isDirectory(directory(parent).resolve("cur"))) {
                if (!createParents) {
                    throw new StoreException(Status.NOT_FOUND, "cannot create \"" + path + "\": its parent \"" + parent
                            + "\" does not exist");
                }
                createFolder(parent, false, true);
            }
            if (journal) {
                this.journal.append(LocalChange.Kind.CREATE_FOLDER, path, Optional.empty(), Optional.empty(),
                        Optional.empty(), Set.of());
            }
            syncStates.remove(directory);
            MaildirFolder.create(directory);
            return new FolderInfo(path, 0, 0);
        });
    }

    private void checkMovable(FolderPath path, String action) throws StoreException {
        if (FolderNames.isInbox(path) || defaultStore && isWellKnown(path)) {
            throw new StoreException(Status.PROVIDER_FAULT, "folder \"" + path + "\" is a well-known folder and cannot be "
                    + action);
        }
    }

    private static boolean isWellKnown(FolderPath path) {
        for (WellKnownFolder folder : WellKnownFolder.values()) {
            if (folder.path().equals(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void renameFolder(FolderPath from, FolderPath to) throws StoreException {
        renameFolder(from, to, journaled);
    }

    private void renameFolder(FolderPath from, FolderPath to, boolean journal) throws StoreException {
        locked(() -> "folder \"" + from + "\" cannot be renamed", () -> {
            forceRemoteRenames(null);
            syncStates.clear();
            index.folderTreeChanged();
            checkMovable(from, "renamed");
            checkMovable(to, "replaced");
            folder(from);
            if (from.contains(to)) {
                throw new StoreException(Status.PROVIDER_FAULT, "folder \"" + from + "\" cannot move into itself (\"" + to
                        + "\")");
            }
            if (Files.exists(directory(to))) {
                throw new StoreException(Status.COLLISION, "cannot rename \"" + from + "\" to \"" + to + "\": it exists");
            }
            if (!to.parent().isRoot() && !Files.isDirectory(directory(to.parent()).resolve("cur"))) {
                throw new StoreException(Status.NOT_FOUND, "cannot rename \"" + from + "\" to \"" + to
                        + "\": its new parent does not exist");
            }
            if (journal) {
                this.journal.append(LocalChange.Kind.RENAME_FOLDER, from, Optional.empty(), Optional.empty(),
                        Optional.of(to), Set.of());
            }
            String fromName = FolderNames.directory(from);
            String toName = FolderNames.directory(to);
            for (String name : subtree(fromName)) {
                String renamed = toName + name.substring(fromName.length());
                Durable.rename(root.resolve(name), root.resolve(renamed));
                index.rename(name, renamed);
            }
            return null;
        });
    }

    /** @return the directory of a folder and of every folder below it */
    private List<String> subtree(String directoryName) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, ".*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals(directoryName) || name.startsWith(directoryName + ".")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    @Override
    public void deleteFolder(FolderPath path) throws StoreException {
        deleteFolder(path, journaled);
    }

    private void deleteFolder(FolderPath path, boolean journal) throws StoreException {
        locked(() -> "folder \"" + path + "\" cannot be deleted", () -> {
            forceRemoteRenames(null);
            syncStates.clear();
            index.folderTreeChanged();
            checkMovable(path, "deleted");
            folder(path);
            if (journal) {
                this.journal.append(LocalChange.Kind.DELETE_FOLDER, path, Optional.empty(), Optional.empty(),
                        Optional.empty(), Set.of());
            }
            // Out of sight in one rename each, then removed; a crash in between leaves only trash to clear.
            for (String name : subtree(FolderNames.directory(path))) {
                Path trash = root.resolve(TRASH_PREFIX + UUID.randomUUID());
                Durable.rename(root.resolve(name), trash);
                index.drop(name);
                MaildirFolder.deleteTree(trash);
            }
            return null;
        });
    }

    // ---- messages

    /** @return the rows of the folder's messages, without those of a server folder's past validity */
    private Map<String, ListingRow> visible(MaildirFolder folder) throws IOException {
        Map<String, ListingRow> rows = folder.reconcile();
        if (!journaled) {
            return rows;
        }
        long validity = syncStateOf(folder.directory()).map(FolderSyncState::validity).orElse(0L);
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
        return append(folder, content, flags, Optional.empty(), true, journaled);
    }

    /**
     * The one write path of a message: streamed outside the lock, stored under it (checked,
     * journaled, renamed into place, replacing a headers-only copy), forced outside it again;
     * kept in one method so that what the lock covers reads in one place.
     *
     * @param remote the server's id field of a downloaded message (then its rename is forced with the sync state)
     */
    private MessageId append(FolderPath folder, InputStream content, Set<MessageFlag> flags, Optional<String> remote,
            boolean complete, boolean journal) throws StoreException {
        // Content is streamed to disk outside the lock: a big message does not stop the store.
        MaildirFolder maildir;
        lockOpen();
        try {
            maildir = folder(folder);
        } catch (IOException e) {
            throw failure("folder \"" + folder + "\" cannot be read", e);
        } finally {
            lock.unlock();
        }
        String unique = uniqueNames.next();
        Path temporary = maildir.directory().resolve("tmp").resolve(unique);
        long size;
        HeaderSummary summary;
        try {
            Durable.Written written = Durable.write(temporary, content, HeaderSummary.MAX_HEADER_BYTES);
            size = written.size();
            summary = HeaderSummary.read(new ByteArrayInputStream(written.head()));
        } catch (IOException e) {
            throw failure("a message cannot be written into \"" + folder + "\" (" + temporary + ")", e);
        }
        String base = MaildirName.base(unique, size, remote, complete);
        boolean stored = false;
        try {
            lockOpen();
        } catch (StoreException closedMeanwhile) {
            discard(temporary);
            throw closedMeanwhile;
        }
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
            MaildirName name = new MaildirName(base, Set.copyOf(flags.isEmpty() ? Set.of() : EnumSet.copyOf(flags)), "");
            if (journal) {
                this.journal.append(LocalChange.Kind.APPEND, folder, Optional.of(new MessageId(base)), Optional.empty(),
                        Optional.empty(), name.flags());
            }
            maildir.add(temporary, name, size, summary);
            stored = true;
            if (replaced.isPresent()) {
                // The whole message is durably in place before its headers-only copy goes (the state covers both).
                Durable.forceDirectory(maildir.directory().resolve("cur"));
                maildir.delete(replaced.get().getKey(), replaced.get().getValue());
            }
            if (remote.isPresent()) {
                unforcedRenames.add(maildir.directory().resolve("cur"));
            }
        } catch (IOException e) {
            throw failure("a message cannot be stored into \"" + folder + "\"", e);
        } finally {
            lock.unlock();
            if (!stored) {
                discard(temporary);
            }
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
        return new MessageId(base);
    }

    @Override
    public void setFlags(FolderPath folder, MessageId id, Set<MessageFlag> flags) throws StoreException {
        Set<Path> renamed = locked(() -> "the flags of message " + id + " cannot be set", () -> {
            MaildirFolder maildir = folder(folder);
            ListingRow row = row(maildir, id);
            if (journaled) {
                journal.append(LocalChange.Kind.FLAGS, folder, Optional.of(id), remoteId(row), Optional.empty(), flags);
            }
            return maildir.setFlags(id.value(), row, flags);
        });
        force(renamed, () -> "the flags of message " + id + " cannot be made durable");
    }

    private static void discard(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // Cleared when the store opens next.
        }
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
            if (journaled) {
                journal.append(LocalChange.Kind.MOVE, from, Optional.of(id), remoteId(row), Optional.of(to),
                        MaildirName.parse(row.fileName()).flags());
            }
            // The server id belongs to the source folder; in the target the message is the user's until uploaded.
            MaildirName name = MaildirName.parse(row.fileName());
            String base = name.remoteField().isPresent() ? name.base().replace(",R=" + name.remoteField().get(), "")
                    : name.base();
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
            if (journaled) {
                journal.append(LocalChange.Kind.DELETE, folder, Optional.of(id), remoteId(row), Optional.empty(), Set.of());
            }
            maildir.delete(id.value(), row);
            return null;
        });
    }

    // ---- replica

    @Override
    public Optional<FolderSyncState> syncState(FolderPath folder) throws StoreException {
        return locked(() -> "the sync state of \"" + folder + "\" cannot be read", () -> {
            return syncStateOf(existingDirectory(folder));
        });
    }

    @Override
    public void setSyncState(FolderPath folder, FolderSyncState state) throws StoreException {
        locked(() -> "the sync state of \"" + folder + "\" cannot be written", () -> {
            Path directory = existingDirectory(folder);
            long before = syncStateOf(directory).map(FolderSyncState::validity).orElse(0L);
            if (before != 0 && before != state.validity()) {
                throw new IllegalArgumentException("the validity of \"" + folder + "\" changes from " + before + " to "
                        + state.validity() + ": use resetFolder");
            }
            forceRemoteRenames(directory);
            writeSyncState(directory, state);
            return null;
        });
    }

    /** The caller holds the lock. */
    private Optional<FolderSyncState> syncStateOf(Path folderDirectory) throws IOException {
        Optional<FolderSyncState> state = syncStates.get(folderDirectory);
        if (state == null) {
            state = SyncStateFile.read(folderDirectory);
            syncStates.put(folderDirectory, state);
        }
        return state;
    }

    /** The caller holds the lock; a write that fails leaves nothing cached (the file may hold either state). */
    private void writeSyncState(Path folderDirectory, FolderSyncState state) throws IOException {
        syncStates.remove(folderDirectory);
        SyncStateFile.write(folderDirectory, state);
        syncStates.put(folderDirectory, Optional.of(state));
    }

    /** @return the directories whose renames mirroring the server are not forced yet (for tests) */
    Set<Path> unforcedDirectories() {
        lock.lock();
        try {
            return Set.copyOf(unforcedRenames);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forces the directories the server's flag changes renamed in (those of one folder, or
     * all if {@code folderDirectory} is null); the caller holds the lock.
     */
    private void forceRemoteRenames(Path folderDirectory) throws IOException {
        for (var it = unforcedRenames.iterator(); it.hasNext();) {
            Path directory = it.next();
            if (folderDirectory == null || directory.getParent().equals(folderDirectory)) {
                if (Files.isDirectory(directory)) {
                    Durable.forceDirectory(directory);
                }
                it.remove();
            }
        }
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
        return append(folder, content, flags, Optional.of(MaildirName.encodeRemote(validity(folder), remoteId)), complete,
                false);
    }

    /** Found through the index's server ids (the current validity only), not by scanning the folder. */
    private Optional<Map.Entry<String, ListingRow>> byRemote(MaildirFolder folder, String remoteId)
            throws IOException {
        long validity = syncStateOf(folder.directory()).map(FolderSyncState::validity).orElse(0L);
        return folder.byRemote(MaildirName.encodeRemote(validity, remoteId));
    }

    @Override
    /** The rename is forced with the folder's next sync state (or at close), not on its own. */
    public void applyRemoteFlags(FolderPath folder, String remoteId, Set<MessageFlag> flags) throws StoreException {
        locked(() -> "the flags of server message " + remoteId + " cannot be set", () -> {
            MaildirFolder maildir = folder(folder);
            Optional<Map.Entry<String, ListingRow>> row = byRemote(maildir, remoteId);
            if (row.isPresent()) {
                unforcedRenames.addAll(maildir.setFlags(row.get().getKey(), row.get().getValue(), flags));
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
        lockOpen();
        try {
            if (!Files.isDirectory(directory(folder).resolve("cur"))) {
                createFolder(folder, false, true);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void applyRemoteRenameFolder(FolderPath from, FolderPath to) throws StoreException {
        renameFolder(from, to, false);
    }

    @Override
    public void applyRemoteDeleteFolder(FolderPath folder) throws StoreException {
        deleteFolder(folder, false);
    }

    @Override
    public void resetFolder(FolderPath folder, FolderSyncState state) throws StoreException {
        locked(() -> "folder \"" + folder + "\" cannot be reset", () -> {
            MaildirFolder maildir = folder(folder);
            // The new validity first: from then on every message of the old one is invisible, even after a crash.
            writeSyncState(maildir.directory(), state);
            visible(maildir);
            return null;
        });
    }

    @Override
    public List<LocalChange> pendingChanges() throws StoreException {
        if (!journaled) {
            return List.of();
        }
        try {
            return journal.pending();
        } catch (IOException e) {
            throw failure("the change journal cannot be read", e);
        }
    }

    @Override
    public void noteUpload(LocalChange change, String note) throws StoreException {
        if (note.length() > 1_000) {
            throw new IllegalArgumentException("an upload note holds at most 1,000 characters, this one " + note.length());
        }
        if (!journaled) {
            throw new StoreException(Status.NOT_FOUND, identity.displayName() + " journals no changes");
        }
        try {
            if (!journal.note(change.sequence(), note)) {
                throw new StoreException(Status.NOT_FOUND, "change " + change.sequence() + " is no longer pending");
            }
        } catch (IOException e) {
            throw failure("the upload note of change " + change.sequence() + " cannot be written", e);
        }
    }

    @Override
    public Optional<String> uploadNote(LocalChange change) throws StoreException {
        if (!journaled) {
            return Optional.empty();
        }
        try {
            return journal.note(change.sequence());
        } catch (IOException e) {
            throw failure("the upload note of change " + change.sequence() + " cannot be read", e);
        }
    }

    @Override
    public void acknowledge(LocalChange change, Optional<String> remoteId) throws StoreException {
        if (!journaled) {
            return;
        }
        lockOpen();
        try {
            if (remoteId.isPresent() && change.message().isPresent()) {
                FolderPath folder = change.kind() == LocalChange.Kind.MOVE ? change.target().orElseThrow() : change.folder();
                attachRemote(folder, change, remoteId.get());
            }
            journal.remove(change.sequence());
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
            MaildirName name = MaildirName.parse(base);
            base = name.remoteField().isPresent() ? base.replace(",R=" + name.remoteField().get(), "") : base;
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
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                forceRemoteRenames(null);
            } catch (IOException e) {
                // Nothing to tell anyone at close: at worst the server's last changes are mirrored again.
            }
            index.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return identity + " at " + root;
    }
}
