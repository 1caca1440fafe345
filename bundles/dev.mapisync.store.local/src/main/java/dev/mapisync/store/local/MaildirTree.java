package dev.mapisync.store.local;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Maildir++ tree of a store: the root is the Inbox, each other folder a directory
 * {@code .Parent.Child} beside it ({@link FolderNames}). A folder is deleted by moving it aside
 * first (one rename out of sight), so a crash leaves only trash, which the next open clears
 * with the temporary files of writes cut short.
 */
final class MaildirTree {

    private static final String TRASH_PREFIX = "mapisync-trash-";

    private final Path root;

    MaildirTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** Makes the root a Maildir if it is not one, and clears what a crash left. */
    void open() throws IOException {
        MaildirFolder.create(root);
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

    /** @return the folder's directory, whether or not it exists */
    Path directory(FolderPath folder) {
        String name = FolderNames.directory(folder);
        Path directory = name.isEmpty() ? root : root.resolve(name);
        // FolderPath and FolderNames already make escaping impossible; this keeps it so.
        if (!directory.normalize().startsWith(root.normalize())) {
            throw new IllegalArgumentException("folder \"" + folder + "\" would lie outside the store");
        }
        return directory;
    }

    /** @return whether the folder exists (its {@code cur/} does) */
    boolean exists(FolderPath folder) {
        return Files.isDirectory(directory(folder).resolve("cur"));
    }

    /**
     * @param store the store's name, for the message
     * @return the directory of a folder that exists
     * @throws StoreException NOT_FOUND if it does not
     */
    Path existing(FolderPath path, String store) throws StoreException {
        if (path.isRoot()) {
            throw new IllegalArgumentException("the root is not a folder");
        }
        if (!exists(path)) {
            throw new StoreException(Status.NOT_FOUND, "no folder \"" + path + "\" in " + store);
        }
        return directory(path);
    }

    /** @return every folder's path, sorted (parents first), the Inbox always */
    List<FolderPath> paths() throws IOException {
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

    /** @return the directory names of a folder and of every folder below it */
    List<String> subtree(FolderPath folder) throws IOException {
        String directoryName = FolderNames.directory(folder);
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

    /** Moves one folder directory out of sight in one durable rename; @return where it lies now, for {@link #clear} */
    Path moveAside(String directoryName) throws IOException {
        Path trash = root.resolve(TRASH_PREFIX + UUID.randomUUID());
        Durable.rename(root.resolve(directoryName), trash);
        return trash;
    }

    /** Removes a folder directory moved aside. */
    void clear(Path trash) throws IOException {
        MaildirFolder.deleteTree(trash);
    }

    /** Renames one folder directory durably. */
    void rename(String fromName, String toName) throws IOException {
        Durable.rename(root.resolve(fromName), root.resolve(toName));
    }
}
