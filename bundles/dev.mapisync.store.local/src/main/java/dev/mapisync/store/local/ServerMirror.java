package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.StoreException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What mirrors the server in a replica: each folder's sync state, the server's ids, and the downloads, flag
 * changes, expunges and resets a sync applies. Nothing here is recorded as the user's; renames are forced with the
 * folder's next sync state, so the state never covers a change a crash could undo.
 */
final class ServerMirror {

    private final StoreFiles files;
    private final MessageAppender appender;

    ServerMirror(StoreFiles files, MessageAppender appender) {
        this.files = files;
        this.appender = appender;
    }

    Optional<FolderSyncState> syncState(FolderPath folder) throws StoreException {
        return files.locked(() -> "the sync state of \"" + folder + "\" cannot be read", () -> {
            return files.syncStates().get(files.existing(folder));
        });
    }

    void setSyncState(FolderPath folder, FolderSyncState state) throws StoreException {
        files.locked(() -> "the sync state of \"" + folder + "\" cannot be written", () -> {
            Path directory = files.existing(folder);
            long before = files.syncStates().validity(directory);
            if (before != 0 && before != state.validity()) {
                throw new IllegalArgumentException("the validity of \"" + folder + "\" changes from " + before + " to "
                        + state.validity() + ": use resetFolder");
            }
            files.flushes().forceFolder(directory);
            // The record first: a state never covers a change the record lacks (it would look like another program's).
            files.agreed().save(directory);
            files.syncStates().write(directory, state);
            files.agreed().agreedOn(FolderNames.directory(folder), directory, state);
            return null;
        });
    }

    Map<String, MessageId> remoteIds(FolderPath folder) throws StoreException {
        return files.locked(() -> "the server ids of \"" + folder + "\" cannot be read", () -> {
            Map<String, MessageId> ids = new HashMap<>();
            for (Map.Entry<String, ListingRow> row : files.visible(files.folder(folder)).entrySet()) {
                StoreFiles.remoteId(row.getValue()).ifPresent(remote -> ids.put(remote, new MessageId(row.getKey())));
            }
            return ids;
        });
    }

    Optional<MessageId> messageByRemoteId(FolderPath folder, String remoteId) throws StoreException {
        return files.locked(() -> "server message " + remoteId + " cannot be looked up in \"" + folder + "\"",
                () -> files.byRemote(files.folder(folder), remoteId).map(row -> new MessageId(row.getKey())));
    }

    private long validity(FolderPath folder) throws StoreException {
        return syncState(folder).map(FolderSyncState::validity).orElse(0L);
    }

    MessageId applyRemoteAppend(FolderPath folder, String remoteId, InputStream content, Set<MessageFlag> flags,
            boolean complete) throws StoreException {
        Optional<MessageId> existing = messageByRemoteId(folder, remoteId);
        if (existing.isPresent() && (!complete || MaildirName.parse(existing.get().value()).complete())) {
            return existing.get();
        }
        String field = MaildirName.encodeRemote(validity(folder), remoteId);
        MessageId stored = appender.append(folder, content, flags, Optional.of(field), complete);
        files.locked(() -> "server message " + remoteId + " cannot be recorded in \"" + folder + "\"", () -> {
            files.agreed().of(files.existing(folder)).put(field, flags);
            return null;
        });
        return stored;
    }

    /** The rename is forced with the folder's next sync state (or at close), not on its own. */
    void applyRemoteFlags(FolderPath folder, String remoteId, Set<MessageFlag> flags) throws StoreException {
        files.locked(() -> "the flags of server message " + remoteId + " cannot be set", () -> {
            MaildirFolder maildir = files.folder(folder);
            Optional<Map.Entry<String, ListingRow>> row = files.byRemote(maildir, remoteId);
            if (row.isPresent()) {
                files.flushes().addAll(maildir.setFlags(row.get().getKey(), row.get().getValue(), flags));
                Optional<String> field = StoreFiles.remoteField(row.get().getValue());
                if (field.isPresent()) {
                    files.agreed().of(maildir.directory()).put(field.get(), flags);
                }
            }
            return null;
        });
    }

    void applyRemoteDelete(FolderPath folder, String remoteId) throws StoreException {
        files.locked(() -> "server message " + remoteId + " cannot be deleted", () -> {
            MaildirFolder maildir = files.folder(folder);
            Optional<Map.Entry<String, ListingRow>> row = files.byRemote(maildir, remoteId);
            if (row.isPresent()) {
                maildir.delete(row.get().getKey(), row.get().getValue());
                Optional<String> field = StoreFiles.remoteField(row.get().getValue());
                if (field.isPresent()) {
                    files.agreed().of(maildir.directory()).remove(field.get());
                }
            }
            return null;
        });
    }

    void resetFolder(FolderPath folder, FolderSyncState state) throws StoreException {
        files.locked(() -> "folder \"" + folder + "\" cannot be reset", () -> {
            MaildirFolder maildir = files.folder(folder);
            // The new validity first: from then on every message of the old one is invisible, even after a crash.
            files.syncStates().write(maildir.directory(), state);
            files.agreed().of(maildir.directory()).clear();
            files.agreed().save(maildir.directory());
            files.visible(maildir);
            return null;
        });
    }
}
