package dev.mapisync.store.imap;

import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.sync.SyncFlag;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * Makes the replica's journaled changes on the server, one at a time in journal order, and
 * acknowledges each once the server has it. Flags, deletes and folder changes can be made
 * twice without harm; an appended or moved message cannot: a second APPEND, or a second copy,
 * would double it on the server and, at the next download, in the replica. So before a
 * message is appended or moved, the target folder's UIDVALIDITY and UIDNEXT and the message's
 * digest are noted with the change ({@link Replica#noteUpload}); an upload that finds such a
 * note (the last one was cut short between the server acting and the acknowledgement) first
 * looks in the target for a message with that content from that UID on, and takes its UID.
 * Moves use MOVE (RFC 6851) where the server has it: one step, never a copy without the
 * expunge.
 */
final class ChangeUpload {

    /** Candidates above the noted UIDNEXT looked at, at most: what arrived in the folder meanwhile. */
    private static final int LOOKED_AT = 500;

    private final Replica replica;
    private final ImapConnection main;
    private final char separator;
    private final Consumer<String> progress;
    /** The folder kept selected over a run of flag changes and deletes in it. */
    private final SelectedFolder selected = new SelectedFolder();

    ChangeUpload(Replica replica, ImapConnection main, char separator, Consumer<String> progress) {
        this.replica = replica;
        this.main = main;
        this.separator = separator;
        this.progress = progress;
    }

    /**
     * Makes the replica's journaled changes on the server that the request asks for (hierarchy,
     * contents, or both), in journal order, until a cancel.
     */
    static void uploadPending(SyncParts parts, ImapConnection main, char separator)
            throws MessagingException, IOException, StoreException {
        ChangeUpload upload = new ChangeUpload(parts.replica(), main, separator, parts.progress()::step);
        try {
            for (LocalChange change : parts.replica().pendingChanges()) {
                if (parts.cancelled()) {
                    return;
                }
                boolean hierarchy = change.kind() == LocalChange.Kind.CREATE_FOLDER
                        || change.kind() == LocalChange.Kind.RENAME_FOLDER || change.kind() == LocalChange.Kind.DELETE_FOLDER;
                if (parts.has(hierarchy ? SyncFlag.UPLOAD_HIERARCHY : SyncFlag.UPLOAD_CONTENTS)) {
                    upload.upload(change);
                }
            }
        } finally {
            upload.selected.close();
        }
    }

    /** Makes one change on the server and acknowledges it. */
    void upload(LocalChange change) throws MessagingException, IOException, StoreException {
        progress.accept("Uploading: " + change.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " "
                + change.folder());
        // The changes go through the store's own commands, which need the connection unselected.
        main.closeSelected();
        if (!SelectedFolder.keptFor(change)) {
            selected.close();
        }
        Optional<String> remote = ImapConnection.withMailClassLoader(() -> apply(change));
        replica.acknowledge(change, remote);
    }

    /** @return the UID the server gave an appended or moved message */
    private Optional<String> apply(LocalChange change) throws MessagingException, IOException, StoreException {
        IMAPStore store = main.store();
        IMAPFolder folder = (IMAPFolder) store.getFolder(FolderMapping.serverName(change.folder(), separator));
        switch (change.kind()) {
            case CREATE_FOLDER -> {
                if (!folder.exists()) {
                    folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS);
                }
            }
            case RENAME_FOLDER -> {
                if (folder.exists()) {
                    folder.renameTo(store.getFolder(FolderMapping.serverName(change.target().orElseThrow(), separator)));
                }
            }
            case DELETE_FOLDER -> {
                if (folder.exists() && ConflictRules.receivedMail(change, main.nextUidOf(folder.getFullName()))) {
                    // It stays on both sides: the download brings it back here, with what it received.
                    progress.accept(change.folder() + " received mail on the server: it is kept");
                } else if (folder.exists()) {
                    folder.delete(true);
                }
            }
            case APPEND -> {
                return append(folder, change);
            }
            case MOVE -> {
                return move(folder, change);
            }
            default -> {
                return messageChange(folder, change);
            }
        }
        return Optional.empty();
    }

    private Optional<String> append(IMAPFolder folder, LocalChange change) throws MessagingException, IOException,
            StoreException {
        byte[] content;
        try (InputStream in = replica.openMessage(change.folder(), change.message().orElseThrow())) {
            content = in.readAllBytes();
        } catch (StoreException e) {
            // Deleted or moved locally since: the later change in the journal says what became of it.
            return Optional.empty();
        }
        String digest = UploadNote.digest(UploadNote.canonical(content));
        if (!folder.exists()) {
            // Removed on the server while this folder received a message here: the folder survives.
            folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS);
        }
        Optional<String> earlier = found(folder, replica.uploadNote(change), digest);
        if (earlier.isPresent()) {
            return earlier;
        }
        Optional<FolderSyncState> before = main.nextUidOf(folder.getFullName());
        before.ifPresent(b -> note(change, b, digest));
        MimeMessage message = new MimeMessage(null, new java.io.ByteArrayInputStream(content));
        message.setFlags(ServerFlags.of(change.flags()), true);
        AppendUID[] appended = folder.appendUIDMessages(new Message[] {message});
        return appended != null && appended.length == 1 && appended[0] != null
                ? Optional.of(Long.toString(appended[0].uid)) : found(folder, before.map(b -> UploadNote.of(b, digest)), digest);
    }

    private Optional<String> move(IMAPFolder folder, LocalChange change) throws MessagingException, IOException,
            StoreException {
        if (change.remoteId().isEmpty() || !folder.exists()) {
            // The server lost it (see below).
            return Optional.empty();
        }
        IMAPFolder target = (IMAPFolder) main.store().getFolder(
                FolderMapping.serverName(change.target().orElseThrow(), separator));
        Optional<String> note = replica.uploadNote(change);
        folder.open(Folder.READ_WRITE);
        try {
            Message message = folder.getMessageByUID(Long.parseLong(change.remoteId().get()));
            String digest = message == null ? note.map(UploadNote::digestOf).orElse("") : digestOf((IMAPMessage) message);
            Optional<String> earlier = found(target, note, digest);
            if (earlier.isPresent()) {
                if (message != null) {
                    // Copied by the cut-short attempt (a server without MOVE), not yet expunged here.
                    message.setFlag(Flags.Flag.DELETED, true);
                    folder.expunge(new Message[] {message});
                }
                return earlier;
            }
            if (message == null) {
                // Gone from the server, and not in the target: deleted there, moved here. It survives on both sides:
                // acknowledged without a server id, the next look at the replica finds it new here, and appends it.
                return Optional.empty();
            }
            Optional<FolderSyncState> before = main.nextUidOf(target.getFullName());
            before.ifPresent(b -> note(change, b, digest));
            AppendUID[] moved = folder.moveUIDMessages(new Message[] {message}, target);
            return moved != null && moved.length == 1 && moved[0] != null ? Optional.of(Long.toString(moved[0].uid))
                    : found(target, before.map(b -> UploadNote.of(b, digest)), digest);
        } finally {
            folder.close(false);
        }
    }

    private void note(LocalChange change, FolderSyncState before, String digest) {
        try {
            replica.noteUpload(change, UploadNote.of(before, digest));
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Flags and deletes: made again, they change nothing. What the server changed meanwhile
     * counts too ({@link ConflictRules}).
     *
     * @return the UID of the message appended again (changed here, deleted on the server)
     */
    private Optional<String> messageChange(IMAPFolder folder, LocalChange change) throws MessagingException,
            IOException, StoreException {
        if (change.remoteId().isEmpty()) {
            return Optional.empty();
        }
        boolean gone = !selected.holds(folder) && !folder.exists();
        if (!gone) {
            IMAPFolder open = selected.open(folder);
            Message message = open.getMessageByUID(Long.parseLong(change.remoteId().get()));
            gone = message == null;
            if (!gone) {
                changeOnServer(open, message, change);
            }
        }
        if (gone && change.kind() == LocalChange.Kind.FLAGS) {
            // Deleted on the server, changed here: the message survives on both sides, appended again.
            selected.close();
            return append(folder, change);
        }
        return Optional.empty();
    }

    private void changeOnServer(IMAPFolder folder, Message message, LocalChange change) throws MessagingException,
            IOException, StoreException {
        Set<MessageFlag> server = ServerFlags.of(message.getFlags());
        if (change.kind() == LocalChange.Kind.FLAGS) {
            Set<MessageFlag> flags = ConflictRules.flagsToStore(change, server);
            Flags wanted = ServerFlags.of(flags);
            Flags unwanted = ServerFlags.all();
            unwanted.remove(wanted);
            message.setFlags(unwanted, false);
            message.setFlags(wanted, true);
            if (!flags.equals(change.flags())) {
                replica.applyRemoteFlags(change.folder(), change.remoteId().get(), flags);
            }
        } else if (change.kind() == LocalChange.Kind.DELETE && ConflictRules.changedOnServer(change, server)) {
            // Deleted here, changed on the server: it survives on both sides, downloaded again.
            progress.accept(change.folder() + ": a message deleted here was changed on the server: it is kept");
            try (InputStream in = ((IMAPMessage) message).getMimeStream()) {
                replica.applyRemoteAppend(change.folder(), change.remoteId().get(),
                        new java.io.ByteArrayInputStream(in.readAllBytes()), server, true);
            }
        } else if (change.kind() == LocalChange.Kind.DELETE) {
            message.setFlag(Flags.Flag.DELETED, true);
            folder.expunge(new Message[] {message});
        }
    }

    /**
     * @param note where the folder stood before an earlier attempt, and the message's digest
     * @return the UID of a message with that digest from the noted UIDNEXT on, if the folder
     *         still has the noted UIDVALIDITY and holds one
     */
    private Optional<String> found(IMAPFolder folder, Optional<String> note, String digest)
            throws MessagingException, IOException {
        Optional<UploadNote> noted = note.flatMap(UploadNote::parse);
        if (noted.isEmpty() || digest.isEmpty() || !folder.exists()) {
            return Optional.empty();
        }
        folder.open(Folder.READ_ONLY);
        try {
            if (folder.getUIDValidity() != noted.get().validity()) {
                return Optional.empty();
            }
            Message[] candidates = folder.getMessagesByUID(noted.get().uidNext(), UIDFolder.MAXUID);
            FetchProfile uids = new FetchProfile();
            uids.add(UIDFolder.FetchProfileItem.UID);
            folder.fetch(candidates, uids);
            for (int i = Math.max(0, candidates.length - LOOKED_AT); i < candidates.length; i++) {
                long uid = folder.getUID(candidates[i]);
                if (uid >= noted.get().uidNext() && digest.equals(digestOf((IMAPMessage) candidates[i]))) {
                    return Optional.of(Long.toString(uid));
                }
            }
            return Optional.empty();
        } finally {
            folder.close(false);
        }
    }

    private static String digestOf(IMAPMessage message) throws MessagingException, IOException {
        try (InputStream in = message.getMimeStream()) {
            return UploadNote.digest(UploadNote.canonical(in.readAllBytes()));
        }
    }
}
