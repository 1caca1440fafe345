package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.DeletionSafety;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.LocalChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The replica's folders against the last look: a directory that is new but holds the sync
 * state of one that vanished was renamed (the state moves with it); one that holds the state
 * of a folder still there was copied, and is a new folder whose messages are new; any other
 * new one without a state was created. A vanished folder is removed on the server last,
 * after the messages moved out of it, unless the {@link DeletionSafety} holds it, or a folder
 * below it is still here (the server would take that one with it). The caller holds the lock.
 */
final class FolderTreeDiff {

    private final StoreFiles files;
    private final FolderLooks looks;
    private final Map<String, FolderPath> present;
    private final PendingNames pending;
    private final DeletionSafety safety;
    private final Set<String> vanished = new HashSet<>();

    FolderTreeDiff(StoreFiles files, FolderLooks looks, Map<String, FolderPath> present, PendingNames pending,
            DeletionSafety safety) {
        this.files = files;
        this.looks = looks;
        this.present = present;
        this.pending = pending;
        this.safety = safety;
        for (String name : looks.directoryNames()) {
            if (!present.containsKey(name)) {
                vanished.add(name);
            }
        }
    }

    /** Journals the folders renamed and created, parents first. */
    void journalRenamesAndCreates() throws IOException {
        List<String> added = new ArrayList<>();
        for (String name : present.keySet()) {
            if (looks.get(name).isEmpty()) {
                added.add(name);
            }
        }
        added.sort(Comparator.naturalOrder());
        for (String name : added) {
            FolderPath path = present.get(name);
            Path directory = files.tree().directory(path);
            long validity = Files.exists(directory.resolve(SyncStateFile.NAME)) ? files.syncStates().validity(directory) : 0;
            Optional<String> renamedFrom = validity == 0 ? Optional.empty() : vanishedName(validity);
            if (renamedFrom.isPresent()) {
                renamed(renamedFrom.get(), name, path);
            } else if (validity != 0 && otherWithValidity(name, validity)) {
                // Copied with another folder's state: that state is not this folder's.
                Files.deleteIfExists(directory.resolve(SyncStateFile.NAME));
                Files.deleteIfExists(directory.resolve(AgreedMessages.NAME));
                files.syncStates().forgetAll();
                files.agreed().saveAndForget();
                created(path);
            } else if (validity == 0) {
                created(path);
            }
            // Else a folder the server's mirror made since the last look: its record is the mirror's, and it is read.
        }
    }

    private void renamed(String fromName, String toName, FolderPath to) throws IOException {
        FolderPath from = FolderNames.folder(fromName).orElseThrow();
        if (!pending.has(LocalChange.Kind.RENAME_FOLDER, from, Optional.of(to))) {
            files.changes().record(LocalChange.Kind.RENAME_FOLDER, from, Optional.empty(), Optional.empty(),
                    Optional.of(to), Set.of(), Optional.empty());
        }
        looks.put(toName, looks.get(fromName).orElseThrow());
        looks.remove(fromName);
        vanished.remove(fromName);
    }

    private void created(FolderPath path) throws IOException {
        if (!pending.has(LocalChange.Kind.CREATE_FOLDER, path, Optional.empty())) {
            files.changes().record(LocalChange.Kind.CREATE_FOLDER, path, Optional.empty(), Optional.empty(),
                    Optional.empty(), Set.of(), Optional.empty());
        }
    }

    /** A folder without a numbering yet (0) is never taken for another: every new folder has that one. */
    private Optional<String> vanishedName(long validity) {
        if (validity == 0) {
            return Optional.empty();
        }
        return vanished.stream().filter(name -> looks.get(name).orElseThrow().validity() == validity).findFirst();
    }

    private boolean otherWithValidity(String name, long validity) throws IOException {
        if (validity == 0) {
            return false;
        }
        for (Map.Entry<String, FolderPath> other : present.entrySet()) {
            if (!other.getKey().equals(name) && validityOf(other.getKey()) == validity) {
                return true;
            }
        }
        return false;
    }

    private long validityOf(String name) throws IOException {
        Optional<FolderLooks.Look> look = looks.get(name);
        return look.isPresent() ? look.get().validity()
                : files.syncStates().validity(files.tree().directory(present.get(name)));
    }

    /** @return the vanished folder that had this numbering (a message carrying it was moved out of it) */
    Optional<FolderPath> vanishedWithValidity(long validity) {
        return vanishedName(validity).flatMap(FolderNames::folder);
    }

    /** @return whether a folder still here has this numbering (a message carrying it was copied from there) */
    boolean presentWithValidity(long validity) throws IOException {
        return otherWithValidity(null, validity);
    }

    /**
     * Journals the removal of each vanished folder, children first, unless held.
     *
     * @return the folders held, with the reason
     */
    Map<FolderPath, String> journalRemovals() throws IOException {
        Map<FolderPath, String> held = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(vanished);
        names.sort(Comparator.reverseOrder());
        for (String name : names) {
            Optional<FolderPath> path = FolderNames.folder(name);
            FolderLooks.Look look = looks.get(name).orElseThrow();
            if (path.isEmpty() || present.values().stream().anyMatch(p -> !p.equals(path.get()) && path.get().contains(p))) {
                // Only its parent's directory went: the server's folder stays, and comes back at the next download.
                looks.remove(name);
            } else if (!safety.allows(path.get(), look.messages(), look.messages())) {
                held.put(path.get(), OutsideChangeScan.tooMany(path.get(), look.messages(), look.messages()));
            } else {
                if (!pending.has(LocalChange.Kind.DELETE_FOLDER, path.get(), Optional.empty())) {
                    Optional<LocalChange.Agreed> agreed = Optional.of(new LocalChange.Agreed(Set.of(),
                            Optional.of(new FolderSyncState(look.validity(), look.uidNext(), 0))));
                    files.changes().record(LocalChange.Kind.DELETE_FOLDER, path.get(), Optional.empty(),
                            Optional.empty(), Optional.empty(), Set.of(), agreed);
                }
                looks.remove(name);
            }
        }
        return held;
    }
}
