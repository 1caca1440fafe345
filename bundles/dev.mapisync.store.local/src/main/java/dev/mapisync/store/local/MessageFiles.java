package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The messages of a folder as the user sees and changes them: listing, reading, and the user's flag changes,
 * moves and deletes (each recorded before the files change, durable before it returns).
 */
final class MessageFiles {

    private final StoreFiles files;

    MessageFiles(StoreFiles files) {
        this.files = files;
    }

    List<MessageInfo> messages(FolderPath folder) throws StoreException {
        return files.locked(() -> "folder \"" + folder + "\" cannot be listed", () -> {
            List<MessageInfo> messages = new ArrayList<>();
            for (Map.Entry<String, ListingRow> row : files.visible(files.folder(folder)).entrySet()) {
                messages.add(info(row.getKey(), row.getValue()));
            }
            files.index().commit();
            return messages;
        });
    }

    private static MessageInfo info(String base, ListingRow row) {
        MaildirName name = MaildirName.parse(row.fileName());
        return new MessageInfo(new MessageId(base), name.flags(), row.size(), Instant.ofEpochMilli(row.receivedMillis()),
                row.subject(), row.from(), name.complete());
    }

    MessageInfo message(FolderPath folder, MessageId id) throws StoreException {
        return files.locked(() -> "message " + id + " cannot be read", () -> {
            return info(id.value(), StoreFiles.row(files.folder(folder), id));
        });
    }

    InputStream openMessage(FolderPath folder, MessageId id) throws StoreException {
        return files.locked(() -> "message " + id + " in \"" + folder + "\" cannot be opened", () -> {
            MaildirFolder maildir = files.folder(folder);
            try {
                return Files.newInputStream(maildir.file(StoreFiles.row(maildir, id)));
            } catch (NoSuchFileException e) {
                // Renamed by another program since the index saw it: look again.
                return Files.newInputStream(maildir.file(StoreFiles.row(maildir, id)));
            }
        });
    }

    void setFlags(FolderPath folder, MessageId id, Set<MessageFlag> flags) throws StoreException {
        Set<Path> renamed = files.locked(() -> "the flags of message " + id + " cannot be set", () -> {
            MaildirFolder maildir = files.folder(folder);
            ListingRow row = StoreFiles.row(maildir, id);
            files.changes().record(LocalChange.Kind.FLAGS, folder, Optional.of(id), StoreFiles.remoteId(row), Optional.empty(),
                    flags, agreed(maildir, row));
            Set<Path> changed = maildir.setFlags(id.value(), row, flags);
            Optional<String> field = StoreFiles.remoteField(row);
            if (field.isPresent()) {
                files.agreed().of(maildir.directory()).put(field.get(), flags);
            }
            return changed;
        });
        force(renamed, () -> "the flags of message " + id + " cannot be made durable");
    }

    /** @return what replica and server last agreed on for a server message, before the user's change to it */
    private Optional<LocalChange.Agreed> agreed(MaildirFolder maildir, ListingRow row) throws IOException {
        Optional<String> field = StoreFiles.remoteField(row);
        if (field.isEmpty()) {
            return Optional.empty();
        }
        return files.agreed().of(maildir.directory()).flags(field.get())
                .map(flags -> new LocalChange.Agreed(flags, Optional.empty()));
    }

    /** The server message leaves the folder by the user's journaled change: the record no longer expects its file. */
    private void forget(MaildirFolder maildir, ListingRow row) throws IOException {
        Optional<String> field = StoreFiles.remoteField(row);
        if (field.isPresent()) {
            files.agreed().of(maildir.directory()).remove(field.get());
        }
    }

    /** Forces directories a rename changed; outside the lock, so that concurrent writers share the files.flushes(). */
    private void force(Set<Path> directories, Supplier<String> what) throws StoreException {
        try {
            for (Path directory : directories) {
                Durable.forceDirectory(directory);
            }
        } catch (IOException e) {
            throw StoreFailures.of(what.get(), e);
        }
    }

    MessageId moveMessage(FolderPath from, MessageId id, FolderPath to) throws StoreException {
        return files.locked(() -> "message " + id + " cannot move from \"" + from + "\" to \"" + to + "\"", () -> {
            MaildirFolder source = files.folder(from);
            MaildirFolder target = files.folder(to);
            ListingRow row = StoreFiles.row(source, id);
            files.changes().record(LocalChange.Kind.MOVE, from, Optional.of(id), StoreFiles.remoteId(row), Optional.of(to),
                    MaildirName.parse(row.fileName()).flags(), agreed(source, row));
            forget(source, row);
            // The server id belongs to the source folder; in the target the message is the user's until uploaded.
            MaildirName name = MaildirName.parse(row.fileName());
            String base = name.baseWithoutRemote();
            MaildirName moved = new MaildirName(base, name.flags(), name.otherLetters());
            source.moveTo(id.value(), row, target, moved);
            return new MessageId(base);
        });
    }

    void deleteMessage(FolderPath folder, MessageId id) throws StoreException {
        files.locked(() -> "message " + id + " cannot be deleted", () -> {
            MaildirFolder maildir = files.folder(folder);
            ListingRow row = StoreFiles.row(maildir, id);
            files.changes().record(LocalChange.Kind.DELETE, folder, Optional.of(id), StoreFiles.remoteId(row), Optional.empty(),
                    Set.of(), agreed(maildir, row));
            maildir.delete(id.value(), row);
            forget(maildir, row);
            return null;
        });
    }
}
