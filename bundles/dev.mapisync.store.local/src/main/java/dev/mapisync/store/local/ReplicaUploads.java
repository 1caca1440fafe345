package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user's changes waiting for upload, as the upload sees them: the pending ones, the notes an upload leaves
 * before it acts (so that a second attempt finds what the first did), and the acknowledgement, which gives an uploaded
 * message its server id.
 */
final class ReplicaUploads {

    private final StoreFiles files;

    ReplicaUploads(StoreFiles files) {
        this.files = files;
    }

    List<LocalChange> pendingChanges() throws StoreException {
        try {
            return files.changes().pending();
        } catch (IOException e) {
            throw StoreFailures.of("the change journal cannot be read", e);
        }
    }

    void noteUpload(LocalChange change, String note) throws StoreException {
        if (note.length() > 1_000) {
            throw new IllegalArgumentException("an upload note holds at most 1,000 characters, this one " + note.length());
        }
        try {
            files.changes().noteUpload(change, note);
        } catch (IOException e) {
            throw StoreFailures.of("the upload note of change " + change.sequence() + " cannot be written", e);
        }
    }

    Optional<String> uploadNote(LocalChange change) throws StoreException {
        try {
            return files.changes().uploadNote(change);
        } catch (IOException e) {
            throw StoreFailures.of("the upload note of change " + change.sequence() + " cannot be read", e);
        }
    }

    void acknowledge(LocalChange change, Optional<String> remoteId) throws StoreException {
        files.lock().lockOpen();
        try {
            files.changes().acknowledge(change, () -> {
                if (remoteId.isPresent() && change.message().isPresent()) {
                    FolderPath folder = change.kind() == LocalChange.Kind.MOVE ? change.target().orElseThrow()
                            : change.folder();
                    attachRemote(folder, change, remoteId.get());
                }
            });
        } catch (IOException e) {
            throw StoreFailures.of("change " + change.sequence() + " cannot be acknowledged", e);
        } finally {
            files.lock().unlock();
        }
    }

    /**
     * Gives an uploaded message its server id (a rename, so its local id changes). The message
     * is looked for where the change put it, then (the user may have moved the folder since)
     * in every folder. If that folder holds the server's copy already, the local one goes: a
     * server id is held once.
     */
    private void attachRemote(FolderPath folder, LocalChange change, String remoteId) throws StoreException, IOException {
        String base = change.message().get().value();
        if (change.kind() == LocalChange.Kind.MOVE) {
            base = MaildirName.parse(base).baseWithoutRemote();
        }
        List<FolderPath> candidates = new ArrayList<>();
        candidates.add(folder);
        candidates.addAll(files.tree().paths());
        for (FolderPath candidate : candidates) {
            MaildirFolder maildir;
            try {
                maildir = files.folder(candidate);
            } catch (StoreException e) {
                continue;
            }
            Optional<ListingRow> row = maildir.row(base);
            if (row.isPresent()) {
                String field = MaildirName.encodeRemote(files.syncStates().validity(files.existing(candidate)), remoteId);
                if (maildir.byRemote(field).isPresent()) {
                    // A sync cut short after the upload downloaded the server's copy meanwhile: one copy is enough.
                    maildir.delete(base, row.get());
                } else {
                    maildir.attachRemote(base, row.get(), field);
                    AgreedMessages agreed = files.agreed().of(maildir.directory());
                    // A message appended again (the server lost it) had another server id: that one is gone for good.
                    MaildirName.parse(base).remoteField().ifPresent(agreed::remove);
                    agreed.put(field, MaildirName.parse(row.get().fileName()).flags());
                }
                return;
            }
        }
    }
}
