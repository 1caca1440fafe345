package dev.mapisync.store.local;

import dev.mapisync.api.store.FolderSyncState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A replica's record of what it and its server last agreed on: each folder's
 * {@link AgreedMessages}, read at first use and kept, and the {@link FolderLooks}. The
 * store's own writes update it ({@link ServerMirror}, {@link MessageFiles},
 * {@link FolderHierarchy}, {@link ReplicaUploads}); {@link OutsideChangeScan} compares the
 * files with it. A folder's record is written before its sync state, so that a state never
 * covers a change the record lacks. Guarded by the store's lock.
 */
final class AgreedState {

    private final Path root;
    private final Map<Path, AgreedMessages> folders = new HashMap<>();
    private FolderLooks looks;

    AgreedState(Path root) {
        this.root = root;
    }

    /** @return the folder's agreed messages, read from its file at first use */
    AgreedMessages of(Path folderDirectory) throws IOException {
        AgreedMessages messages = folders.get(folderDirectory);
        if (messages == null) {
            messages = AgreedMessages.read(folderDirectory);
            folders.put(folderDirectory, messages);
        }
        return messages;
    }

    FolderLooks looks() throws IOException {
        if (looks == null) {
            looks = FolderLooks.read(root);
        }
        return looks;
    }

    /**
     * A folder's sync state was written: its look says so (a folder the mirror made since the
     * last look is known from now on, so that its removal by another program is seen; a
     * folder's UIDNEXT is the one agreed, for the rule on a folder that received mail). The
     * look's times stay: if the sync changed files, they differ from the directories' now.
     */
    void agreedOn(String directoryName, Path folderDirectory, FolderSyncState state) throws IOException {
        FolderLooks all = looks();
        if (!all.found()) {
            return;
        }
        FolderLooks.Look was = all.get(directoryName).orElse(FolderLooks.Look.unknown(0, 0, 0));
        all.put(directoryName, new FolderLooks.Look(state.validity(), state.uidNext(), of(folderDirectory).size(),
                was.curModified(), was.newModified(), was.namesDigest(), was.lookedAtMillis()));
    }

    /** Writes the folder's record if it changed (before its sync state, see the class comment). */
    void save(Path folderDirectory) throws IOException {
        AgreedMessages messages = folders.get(folderDirectory);
        if (messages != null) {
            messages.save(folderDirectory);
        }
    }

    /** Writes the looks, if they were ever taken (a store never looked at takes its files as agreed at the first look). */
    void saveLooks() throws IOException {
        if (looks != null && looks.found() && looks.changed()) {
            looks.save(root);
        }
    }

    /**
     * Writes every changed record and forgets them: the folder tree is about to change (a
     * directory may be another folder's next), or the store goes idle or closes.
     */
    void saveAndForget() throws IOException {
        for (Map.Entry<Path, AgreedMessages> folder : folders.entrySet()) {
            if (java.nio.file.Files.isDirectory(folder.getKey())) {
                folder.getValue().save(folder.getKey());
            }
        }
        folders.clear();
        // The looks the mirror's states changed; at worst lost in a crash, which finds less, never more, to upload.
        saveLooks();
    }
}
