package dev.mapisync.store.local;

import dev.mapisync.api.store.FolderSyncState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Each folder's sync state as last read or written, by folder directory: the store is the only
 * writer of those files, and a sync asks for the validity with every message it stores. Its
 * one invalidation is {@link #forgetAll()}, when the folder tree changes. Guarded by the
 * store's lock.
 */
final class SyncStateCache {

    private final Map<Path, Optional<FolderSyncState>> states = new HashMap<>();

    Optional<FolderSyncState> get(Path folderDirectory) throws IOException {
        Optional<FolderSyncState> state = states.get(folderDirectory);
        if (state == null) {
            state = SyncStateFile.read(folderDirectory);
            states.put(folderDirectory, state);
        }
        return state;
    }

    /** @return the folder's validity, 0 if it has no state yet */
    long validity(Path folderDirectory) throws IOException {
        return get(folderDirectory).map(FolderSyncState::validity).orElse(0L);
    }

    /** Writes the state durably; a write that fails leaves nothing cached (the file may hold either state). */
    void write(Path folderDirectory, FolderSyncState state) throws IOException {
        states.remove(folderDirectory);
        SyncStateFile.write(folderDirectory, state);
        states.put(folderDirectory, Optional.of(state));
    }

    /** The folder tree changed: a directory may now be another folder's, or none. */
    void forgetAll() {
        states.clear();
    }
}
