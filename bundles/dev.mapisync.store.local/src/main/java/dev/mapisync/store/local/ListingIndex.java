package dev.mapisync.store.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * The listing index of one Maildir++ root, in H2 MVStore: per folder, a row per message
 * (its current file name, size, received time, Subject, From), so that a contents list needs
 * a directory scan and map look-ups instead of opening every file. The files are the truth:
 * {@link MaildirFolder} reconciles the rows with the directory on every listing, and a
 * missing or damaged index file is simply rebuilt.
 */
final class ListingIndex implements AutoCloseable {

    /** One message's row. */
    record Row(String subdirectory, String fileName, long size, long receivedMillis, String subject, String from) {

        String encode() {
            return String.join("\t", subdirectory, fileName, Long.toString(size), Long.toString(receivedMillis),
                    subject.replace('\t', ' '), from.replace('\t', ' '));
        }

        static Row decode(String text) {
            String[] parts = text.split("\t", -1);
            return new Row(parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]), parts[4], parts[5]);
        }
    }

    private final MVStore store;
    /**
     * Per folder, the base of each message by its server id field ({@code ,R=<validity>-<id>},
     * part of the base): built from the rows on first use, then kept with them, so a sync finds
     * a server message without scanning the folder. In memory only; guarded by the store's lock.
     */
    private final Map<String, Map<String, String>> remotes = new HashMap<>();

    ListingIndex(Path file) throws IOException {
        this.store = open(file);
    }

    private static MVStore open(Path file) throws IOException {
        if (Files.exists(file) && !Files.isWritable(file) || !Files.isWritable(file.getParent())) {
            // A read-only store can still be read: the index lives in memory for this session.
            return new MVStore.Builder().autoCommitDisabled().open();
        }
        // Committed after listings and on close, not per message: a row lost in a crash is re-read from its file.
        try {
            return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        } catch (MVStoreException e) {
            // Only a cache: a damaged one is dropped and rebuilt from the files.
            Files.deleteIfExists(file);
            return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        }
    }

    private MVMap<String, String> map(String folderDirectory) {
        return store.openMap("folder:" + folderDirectory);
    }

    Optional<Row> get(String folderDirectory, String base) {
        return Optional.ofNullable(map(folderDirectory).get(base)).map(Row::decode);
    }

    void put(String folderDirectory, String base, Row row) {
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
        store.removeMap(map(toDirectory));
        store.renameMap(from, "folder:" + toDirectory);
    }

    void drop(String folderDirectory) {
        remotes.remove(folderDirectory);
        store.removeMap(map(folderDirectory));
    }

    /** Saves the rows changed since the last commit; the store calls it after listings, not per message. */
    void commit() {
        if (store.hasUnsavedChanges()) {
            store.commit();
        }
    }

    /** Closes, saving what is unsaved; if that fails (a full or read-only disk), closes without saving. */
    @Override
    public void close() {
        try {
            store.close();
        } catch (RuntimeException e) {
            store.closeImmediately();
        }
    }
}
