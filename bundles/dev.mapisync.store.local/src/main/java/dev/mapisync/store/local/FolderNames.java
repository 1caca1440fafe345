package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.WellKnownFolder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a folder lives in a Maildir++ root, the way Dovecot names it: the Inbox is the root
 * maildir itself; every other folder is a directory {@code .Name.Child} directly under the
 * root, each name in modified UTF-7 with {@code .} (the separator) encoded too.
 */
final class FolderNames {

    /** A directory name may not be longer than this in bytes (ext4 and most others). */
    static final int MAX_DIRECTORY_BYTES = 255;

    private FolderNames() {
    }

    static boolean isInbox(FolderPath path) {
        return path.equals(WellKnownFolder.INBOX.path());
    }

    /**
     * @return the directory name, for example {@code .Sent Items} or {@code .Projekte.&APw-bersicht}
     * @throws IllegalArgumentException if the name is too long on disk; the message names the folder
     */
    static String directory(FolderPath path) {
        if (path.isRoot()) {
            throw new IllegalArgumentException("the root is not a folder");
        }
        if (isInbox(path)) {
            return "";
        }
        StringBuilder name = new StringBuilder();
        for (String segment : path.names()) {
            name.append('.').append(ModifiedUtf7.encode(segment, "."));
        }
        int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_DIRECTORY_BYTES) {
            throw new IllegalArgumentException("folder \"" + path + "\" needs a " + bytes + "-byte directory name on disk; "
                    + "the limit is " + MAX_DIRECTORY_BYTES + " (shorten its name or those of its parents)");
        }
        return name.toString();
    }

    /** @return the folder a directory under the root stands for, if it is one */
    static Optional<FolderPath> folder(String directory) {
        if (!directory.startsWith(".") || directory.equals(".") || directory.equals("..") || directory.length() < 2) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        for (String part : directory.substring(1).split("\\.", -1)) {
            try {
                names.add(ModifiedUtf7.decode(part));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(FolderPath.of(names));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
