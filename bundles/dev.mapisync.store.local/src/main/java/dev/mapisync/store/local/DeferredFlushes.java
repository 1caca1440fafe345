package dev.mapisync.store.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Directories that mirroring the server renamed files in (its flag changes, downloaded
 * messages moved into place), not forced yet. A folder's are forced before its sync state is
 * written, so the state never covers a change a crash could undo, and one flush serves a
 * whole folder's downloads instead of one per message; all are forced at a close, a park and
 * a change of the folder tree. Guarded by the store's lock.
 */
final class DeferredFlushes {

    private final Set<Path> unforced = new HashSet<>();

    void add(Path directory) {
        unforced.add(directory);
    }

    void addAll(Set<Path> directories) {
        unforced.addAll(directories);
    }

    /** Forces the deferred directories of one folder (its {@code cur/} and {@code new/}). */
    void forceFolder(Path folderDirectory) throws IOException {
        force(folderDirectory);
    }

    void forceAll() throws IOException {
        force(null);
    }

    private void force(Path folderDirectory) throws IOException {
        for (var it = unforced.iterator(); it.hasNext();) {
            Path directory = it.next();
            if (folderDirectory == null || directory.getParent().equals(folderDirectory)) {
                if (Files.isDirectory(directory)) {
                    Durable.forceDirectory(directory);
                }
                it.remove();
            }
        }
    }

    /** @return the directories not forced yet (for tests) */
    Set<Path> pending() {
        return Set.copyOf(unforced);
    }
}
