package dev.mapisync.store.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The listing index of one Maildir++ root, in H2 MVStore: per folder, a row per message
 * (its current file name, size, received time, Subject, From), so that a contents list needs
 * a directory scan and map look-ups instead of opening every file. The files are the truth:
 * {@link MaildirFolder} reconciles the rows with the directory on every listing, and a
 * missing or damaged index file is simply rebuilt.
 *
 * <p>Rows are saved after listings and at close, not per message, so after a stop that was
 * not clean (a kill, a crash, power loss) the index may lack rows of messages stored since,
 * or hold rows of messages gone. A look-up by server id trusts the rows, so the index says
 * whether it can be trusted ({@link #trusted()}): only if the last session closed it, which
 * leaves a marker file beside it once everything is saved and forced to disk. The marker is
 * removed, durably, when the index opens, so a session that ends any other way leaves none.
 */
final class ListingIndex implements AutoCloseable {

    /** Replaced when it closed itself (see {@link #store()}). */
    private MVStore store;
    private final Path file;
    private final Path cleanMarker;
    private boolean trusted;
    /** Whether {@link #close()} was called: then a closed MVStore is not opened again. */
    private boolean closing;
    /** Closed cleanly while the replica is idle ({@link #park()}), to be opened again at the next use. */
    private boolean parked;
    /**
     * The folders (by directory name) whose rows were reconciled with their files since the
     * rows were last opened; used only while the rows are not trusted (see {@link #mustReconcile}).
     */
    private final Set<String> reconciled = new HashSet<>();
    /** Whether the rows live in the file (not only in memory, as for a store that cannot be written). */
    private final boolean persistent;
    /**
     * Per folder, the base of each message by its server id field ({@code ,R=<validity>-<id>},
     * part of the base): built from the rows on first use, then kept with them, so a sync finds
     * a server message without scanning the folder. In memory only; guarded by the store's lock.
     */
    private final Map<String, Map<String, String>> remotes = new HashMap<>();

    ListingIndex(Path file) throws IOException {
        this.file = file;
        this.cleanMarker = file.resolveSibling(file.getFileName() + CLEAN_SUFFIX);
        if (Files.exists(file) && !Files.isWritable(file) || !Files.isWritable(file.getParent())) {
            // A read-only store can still be read: the index lives in memory for this session, empty.
            this.store = new MVStore.Builder().autoCommitDisabled().open();
            this.trusted = false;
            this.persistent = false;
            return;
        }
        // Opened at the first use (see unpark), as after a park: a host of many accounts opens only those it uses.
        this.store = null;
        this.parked = true;
        this.trusted = false;
        this.persistent = true;
    }

    /**
     * Opens the file; only a cache, so a damaged one is dropped (and the next call makes it anew).
     *
     * @return the store, empty if the file was damaged and is gone now
     */
    private static Optional<MVStore> openFile(Path file) throws IOException {
        try {
            // Committed after listings and on close, not per message (see the class comment).
            return Optional.of(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
        } catch (MVStoreException e) {
            Files.deleteIfExists(file);
            return Optional.empty();
        }
    }

    /**
     * @return the rows' store, open: an MVStore that closed itself (its answer to an
     *         OutOfMemoryError or an I/O failure inside it, after which every call fails with
     *         "This store is closed") is opened again, its rows no longer trusted (what it had
     *         not saved is lost), so each folder is reconciled with its files again on first use
     */
    private MVStore store() {
        if (parked && !closing) {
            unpark();
        } else if (store.isClosed() && !closing) {
            try {
                if (persistent) {
                    openOrRenew();
                } else {
                    store = new MVStore.Builder().autoCommitDisabled().open();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the listing index " + file + " cannot be opened again", e);
            }
            trusted = false;
            reconciled.clear();
            remotes.clear();
        }
        return store;
    }

    /** Opens the file as the rows' store. @return false if it was damaged, and is made anew empty */
    private boolean openOrRenew() throws IOException {
        Optional<MVStore> whole = openFile(file);
        store = whole.isPresent() ? whole.get() : openFile(file).orElseThrow();
        return whole.isPresent();
    }

    /** Opens what {@link #park()} closed: trusted as it was, since park saved it whole (or untrusted if damaged). */
    private void unpark() {
        try {
            // From now on, until a clean close, the rows may fall behind the files: no marker may say otherwise.
            boolean marked = Files.exists(cleanMarker) && Files.exists(file);
            if (!openOrRenew()) {
                trusted = false;
                reconciled.clear();
            } else if (marked) {
                trusted = true;
            }
            // Else as before parking: untrusted, the folders reconciled so far still are (their rows were saved).
            if (Files.exists(cleanMarker)) {
                Durable.delete(cleanMarker);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the listing index " + file + " cannot be opened again", e);
        }
        parked = false;
    }

    /**
     * Closes the rows' store as {@link #close()} does (saved, forced, marked), to be opened again
     * at the next use: an idle replica holds no page cache or write buffers (H2 keeps up to four
     * of 1 MiB each per open store), nor its map of server ids. An index held only in memory
     * stays open.
     */
    void park() {
        if (parked || closing || !persistent || store.isClosed()) {
            return;
        }
        saveAndMark();
        parked = true;
        // The closed store still holds its write buffers: let it go; and the server ids, built again from the rows.
        store = null;
        remotes.clear();
    }

    /** @return whether the rows' store is parked (closed while idle) */
    boolean parked() {
        return parked;
    }

    /** @return whether the folder's rows must be reconciled with its files before anything trusts them */
    boolean mustReconcile(String folderDirectory) {
        store();
        return !trusted && !reconciled.contains(folderDirectory);
    }

    /** The folder's rows match its files now. */
    void reconciled(String folderDirectory) {
        reconciled.add(folderDirectory);
    }

    /** The folder tree changed: the folders are reconciled again on first use, if the rows are not trusted. */
    void folderTreeChanged() {
        reconciled.clear();
    }

    /** Beside the index file, once the index was closed with every row saved and forced to disk. */
    static final String CLEAN_SUFFIX = ".clean";

    private MVMap<String, String> map(String folderDirectory) {
        return store().openMap("folder:" + folderDirectory);
    }

    Optional<ListingRow> get(String folderDirectory, String base) {
        return Optional.ofNullable(map(folderDirectory).get(base)).map(ListingRow::decode);
    }

    void put(String folderDirectory, String base, ListingRow row) {
        map(folderDirectory).put(base, row.encode());
        Map<String, String> known = remotes.get(folderDirectory);
        if (known != null) {
            remoteField(base).ifPresent(field -> known.put(field, base));
        }
    }

    void remove(String folderDirectory, String base) {
        map(folderDirectory).remove(base);
        Map<String, String> known = remotes.get(folderDirectory);
        if (known != null) {
            remoteField(base).ifPresent(field -> known.remove(field, base));
        }
    }

    /** @return the base of the message with that server id field, if the index has one */
    Optional<String> baseOfRemote(String folderDirectory, String remoteField) {
        // Opened again first, if it closed itself: that forgets the map being filled here.
        store();
        Map<String, String> known = remotes.computeIfAbsent(folderDirectory, directory -> {
            Map<String, String> built = new HashMap<>();
            for (String base : map(directory).keySet()) {
                remoteField(base).ifPresent(field -> built.put(field, base));
            }
            return built;
        });
        return Optional.ofNullable(known.get(remoteField));
    }

    private static Optional<String> remoteField(String base) {
        return base.contains(",R=") ? MaildirName.parse(base).remoteField() : Optional.empty();
    }

    List<String> bases(String folderDirectory) {
        return new ArrayList<>(map(folderDirectory).keySet());
    }

    void rename(String fromDirectory, String toDirectory) {
        remotes.remove(fromDirectory);
        remotes.remove(toDirectory);
        MVMap<String, String> from = map(fromDirectory);
        store().removeMap(map(toDirectory));
        store().renameMap(from, "folder:" + toDirectory);
    }

    void drop(String folderDirectory) {
        remotes.remove(folderDirectory);
        store().removeMap(map(folderDirectory));
    }

    /** Saves the rows changed since the last commit; the store calls it after listings, not per message. */
    void commit() {
        if (store().hasUnsavedChanges()) {
            store.commit();
        }
    }

    /**
     * Closes, saving what is unsaved, forcing it to disk and leaving the marker that says so;
     * if saving fails (a full or read-only disk), closes without saving and without the marker.
     */
    @Override
    public void close() {
        closing = true;
        if (parked || store.isClosed()) {
            // Parked: saved and marked already. Closed itself (see store()): what it had not saved is lost, no marker.
            return;
        }
        saveAndMark();
    }

    /**
     * Saves, forces and marks the rows, if they can be trusted as a whole: every folder's rows
     * were trusted at open or reconciled since (a session that began after an unclean stop and
     * looked at some folders only must leave the others to be reconciled by the next one).
     */
    private void saveAndMark() {
        boolean whole = trusted || store.getMapNames().stream().filter(name -> name.startsWith("folder:"))
                .allMatch(name -> reconciled.contains(name.substring("folder:".length())));
        try {
            store.close();
        } catch (RuntimeException e) {
            store.closeImmediately();
            return;
        }
        if (!persistent || !whole) {
            return;
        }
        try {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Durable.replace(cleanMarker, new byte[0]);
        } catch (IOException e) {
            // No marker: the next session checks the rows against the files.
        }
    }
}
