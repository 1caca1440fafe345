package dev.mapisync.store.local;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The folders of a store: listing them, the user's creates, renames and deletes (checked, recorded, made),
 * and the same made to mirror the server (nothing recorded). A folder moves and goes with every folder below it.
 */
final class FolderHierarchy {

    private final StoreFiles files;

    FolderHierarchy(StoreFiles files) {
        this.files = files;
    }

    List<FolderInfo> folders() throws StoreException {
        return files.locked(() -> "the folders of " + files.identity().displayName() + " cannot be listed", () -> {
            List<FolderInfo> folders = new ArrayList<>();
            for (FolderPath path : files.tree().paths()) {
                folders.add(info(files.folder(path)));
            }
            files.index().commit();
            return folders;
        });
    }

    List<FolderPath> folderPaths() throws StoreException {
        return files.locked(() -> "the folders of " + files.identity().displayName() + " cannot be listed", files.tree()::paths);
    }

    private FolderInfo info(MaildirFolder folder) throws IOException {
        Map<String, ListingRow> rows = files.visible(folder);
        long unread = rows.values().stream().filter(r -> !MaildirName.parse(r.fileName()).flags()
                .contains(MessageFlag.SEEN)).count();
        return new FolderInfo(folder.path(), rows.size(), unread);
    }

    FolderInfo createFolder(FolderPath path) throws StoreException {
        return files.locked(() -> "folder \"" + path + "\" cannot be created", () -> {
            if (files.tree().exists(path)) {
                throw new StoreException(Status.COLLISION, "folder \"" + path + "\" exists already");
            }
            FolderPath parent = path.parent();
            if (!parent.isRoot() && !files.tree().exists(parent)) {
                throw new StoreException(Status.NOT_FOUND, "cannot create \"" + path + "\": its parent \"" + parent
                        + "\" does not exist");
            }
            files.changes().record(LocalChange.Kind.CREATE_FOLDER, path, Optional.empty(), Optional.empty(), Optional.empty(),
                    Set.of());
            makeFolder(path);
            return new FolderInfo(path, 0, 0);
        });
    }

    /** Makes the folder and any parent it lacks; the caller holds the lock. */
    private void makeWithParents(FolderPath path) throws IOException {
        if (files.tree().exists(path)) {
            return;
        }
        if (!path.parent().isRoot()) {
            makeWithParents(path.parent());
        }
        makeFolder(path);
    }

    /** The caller holds the lock. */
    private void makeFolder(FolderPath path) throws IOException {
        files.treeChanged();
        MaildirFolder.create(files.tree().directory(path));
    }

    void renameFolder(FolderPath from, FolderPath to) throws StoreException {
        files.locked(() -> "folder \"" + from + "\" cannot be renamed", () -> {
            checkRename(from, to);
            files.changes().record(LocalChange.Kind.RENAME_FOLDER, from, Optional.empty(), Optional.empty(), Optional.of(to),
                    Set.of());
            moveTree(from, to);
            return null;
        });
    }

    /** The caller holds the lock. */
    private void checkRename(FolderPath from, FolderPath to) throws IOException, StoreException {
        files.treeChanged();
        files.role().checkMovable(from, "renamed");
        files.role().checkMovable(to, "replaced");
        files.folder(from);
        if (from.contains(to)) {
            throw new StoreException(Status.PROVIDER_FAULT, "folder \"" + from + "\" cannot move into itself (\"" + to
                    + "\")");
        }
        if (Files.exists(files.tree().directory(to))) {
            throw new StoreException(Status.COLLISION, "cannot rename \"" + from + "\" to \"" + to + "\": it exists");
        }
        if (!to.parent().isRoot() && !files.tree().exists(to.parent())) {
            throw new StoreException(Status.NOT_FOUND, "cannot rename \"" + from + "\" to \"" + to
                    + "\": its new parent does not exist");
        }
    }

    /** Renames the folder and every folder below it, with their index rows; the caller holds the lock. */
    private void moveTree(FolderPath from, FolderPath to) throws IOException {
        String fromName = FolderNames.directory(from);
        String toName = FolderNames.directory(to);
        for (String name : files.tree().subtree(from)) {
            String renamed = toName + name.substring(fromName.length());
            files.tree().rename(name, renamed);
            files.index().rename(name, renamed);
            // The store's own rename: the next look must not take it for another program's.
            FolderLooks looks = files.agreed().looks();
            looks.get(name).ifPresent(look -> looks.put(renamed, look));
            looks.remove(name);
        }
        files.agreed().saveLooks();
    }

    void deleteFolder(FolderPath path) throws StoreException {
        files.locked(() -> "folder \"" + path + "\" cannot be deleted", () -> {
            checkDelete(path);
            files.changes().record(LocalChange.Kind.DELETE_FOLDER, path, Optional.empty(), Optional.empty(), Optional.empty(),
                    Set.of());
            removeTree(path);
            return null;
        });
    }

    /** The caller holds the lock. */
    private void checkDelete(FolderPath path) throws IOException, StoreException {
        files.treeChanged();
        files.role().checkMovable(path, "deleted");
        files.folder(path);
    }

    /** Removes the folder and every folder below it, with their index rows; the caller holds the lock. */
    private void removeTree(FolderPath path) throws IOException {
        // Out of sight in one rename each, then removed; a crash in between leaves only trash to clear.
        for (String name : files.tree().subtree(path)) {
            Path trash = files.tree().moveAside(name);
            files.index().drop(name);
            files.tree().clear(trash);
            files.agreed().looks().remove(name);
        }
        files.agreed().saveLooks();
    }

    void applyRemoteCreateFolder(FolderPath folder) throws StoreException {
        files.locked(() -> "folder \"" + folder + "\" cannot be created", () -> {
            makeWithParents(folder);
            return null;
        });
    }

    void applyRemoteRenameFolder(FolderPath from, FolderPath to) throws StoreException {
        files.locked(() -> "folder \"" + from + "\" cannot be renamed", () -> {
            checkRename(from, to);
            moveTree(from, to);
            return null;
        });
    }

    void applyRemoteDeleteFolder(FolderPath folder) throws StoreException {
        files.locked(() -> "folder \"" + folder + "\" cannot be deleted", () -> {
            checkDelete(folder);
            removeTree(folder);
            return null;
        });
    }
}
