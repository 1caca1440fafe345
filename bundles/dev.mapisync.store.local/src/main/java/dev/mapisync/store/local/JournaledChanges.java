package dev.mapisync.store.local;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.StoreException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A replica's user changes: each journaled for upload in its {@link ChangeJournal}, until the upload acknowledges it. */
final class JournaledChanges implements UserChanges {

    private final ChangeJournal journal;

    JournaledChanges(ChangeJournal journal) {
        this.journal = journal;
    }

    @Override
    public void record(LocalChange.Kind kind, FolderPath folder, Optional<MessageId> message, Optional<String> remoteId,
            Optional<FolderPath> target, Set<MessageFlag> flags, Optional<LocalChange.Agreed> agreed) throws IOException {
        journal.append(kind, folder, message, remoteId, target, flags, agreed);
    }

    @Override
    public List<LocalChange> pending() throws IOException {
        return journal.pending();
    }

    @Override
    public void noteUpload(LocalChange change, String note) throws IOException, StoreException {
        if (!journal.note(change.sequence(), note)) {
            throw new StoreException(Status.NOT_FOUND, "change " + change.sequence() + " is no longer pending");
        }
    }

    @Override
    public Optional<String> uploadNote(LocalChange change) throws IOException {
        return journal.note(change.sequence());
    }

    @Override
    public void acknowledge(LocalChange change, Attach attach) throws IOException, StoreException {
        attach.run();
        journal.remove(change.sequence());
    }
}
