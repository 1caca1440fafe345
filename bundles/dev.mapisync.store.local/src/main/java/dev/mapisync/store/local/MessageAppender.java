package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one write path of a message: staged outside the lock ({@link StagedMessage}), renamed into place under it
 * (checked, recorded if it is the user's, replacing a headers-only copy), forced outside it again if it is the user's;
 * a downloaded message's rename is forced with its folder's next sync state instead.
 */
final class MessageAppender {

    private final StoreFiles files;

    MessageAppender(StoreFiles files) {
        this.files = files;
    }

    MessageId appendMessage(FolderPath folder, InputStream content, Set<MessageFlag> flags) throws StoreException {
        return append(folder, content, flags, Optional.empty(), true);
    }

    /**
     * The one write path of a message: staged outside the lock ({@link StagedMessage}), stored
     * under it ({@link #store}), forced outside it again when it is the user's.
     *
     * @param remote the server's id field of a downloaded message (then its rename is forced with
     *        the sync state); empty for the user's own message
     */
    MessageId append(FolderPath folder, InputStream content, Set<MessageFlag> flags, Optional<String> remote,
            boolean complete) throws StoreException {
        MaildirFolder maildir = files.locked(() -> "folder \"" + folder + "\" cannot be read", () -> files.folder(folder));
        String unique = files.uniqueNames().next();
        StagedMessage staged;
        try {
            staged = StagedMessage.write(maildir.directory(), unique, content);
        } catch (IOException e) {
            throw StoreFailures.of("a message cannot be written into \"" + folder + "\" (" + maildir.directory().resolve("tmp")
                    .resolve(unique) + ")", e);
        }
        try {
            files.lock().lockOpen();
        } catch (StoreException closedMeanwhile) {
            staged.discard();
            throw closedMeanwhile;
        }
        MessageId stored;
        try {
            stored = store(maildir, staged, flags, remote, complete);
        } catch (IOException e) {
            throw StoreFailures.of("a message cannot be stored into \"" + folder + "\"", e);
        } finally {
            files.lock().unlock();
        }
        if (remote.isEmpty()) {
            try {
                // The user's message is on disk before the append returns; forced outside the lock so concurrent appends
                // share it.
                Durable.forceDirectory(maildir.directory().resolve("cur"));
            } catch (IOException e) {
                throw StoreFailures.of("a message stored into \"" + folder + "\" cannot be made durable", e);
            }
        }
        return stored;
    }

    /**
     * Renames a staged message into place (checked, recorded if it is the user's, replacing a
     * headers-only copy); discards it if it is not stored. The caller holds the lock.
     */
    private MessageId store(MaildirFolder maildir, StagedMessage staged, Set<MessageFlag> flags, Optional<String> remote,
            boolean complete) throws IOException, StoreException {
        boolean stored = false;
        try {
            Optional<Map.Entry<String, ListingRow>> replaced = Optional.empty();
            if (remote.isPresent()) {
                // Checked again under the lock: two writers of one server message store it once. A whole message
                // replaces its headers-only copy, after it is in place (a crash between leaves two files; the next
                // listing keeps the whole one, see MaildirFolder.reconcile).
                Optional<Map.Entry<String, ListingRow>> held = maildir.byRemote(remote.get());
                if (held.isPresent() && (!complete || MaildirName.parse(held.get().getValue().fileName()).complete())) {
                    return new MessageId(held.get().getKey());
                }
                replaced = held;
            }
            String base = staged.base(remote, complete);
            MaildirName name = new MaildirName(base, Set.copyOf(flags.isEmpty() ? Set.of() : EnumSet.copyOf(flags)), "");
            if (remote.isEmpty()) {
                files.changes().record(LocalChange.Kind.APPEND, maildir.path(), Optional.of(new MessageId(base)),
                        Optional.empty(), Optional.empty(), name.flags());
            }
            maildir.add(staged.temporary(), name, staged.size(), staged.summary());
            stored = true;
            if (replaced.isPresent()) {
                // The whole message is durably in place before its headers-only copy goes (the state covers both).
                Durable.forceDirectory(maildir.directory().resolve("cur"));
                maildir.delete(replaced.get().getKey(), replaced.get().getValue());
            }
            if (remote.isPresent()) {
                files.flushes().add(maildir.directory().resolve("cur"));
            }
            return new MessageId(base);
        } finally {
            if (!stored) {
                staged.discard();
            }
        }
    }
}
