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

/**
 * What a store does with each of the user's own writes besides making it: a replica journals
 * it for upload ({@link JournaledChanges}), the default store keeps nothing ({@link #none}).
 * Each write is recorded under the store's lock, before the files change, so a crash never
 * leaves a change the upload would miss; what mirrors the server is never recorded.
 */
interface UserChanges {

    /** Makes the files' part of an acknowledged change (an uploaded message gets its server id). */
    @FunctionalInterface
    interface Attach {
        void run() throws IOException, StoreException;
    }

    /**
     * Records one write of the user's.
     *
     * @param agreed what replica and server last agreed on before it, where known (see {@link LocalChange#agreed()})
     */
    void record(LocalChange.Kind kind, FolderPath folder, Optional<MessageId> message, Optional<String> remoteId,
            Optional<FolderPath> target, Set<MessageFlag> flags, Optional<LocalChange.Agreed> agreed) throws IOException;

    /** Records one write of the user's, with nothing known of what was agreed before it. */
    default void record(LocalChange.Kind kind, FolderPath folder, Optional<MessageId> message, Optional<String> remoteId,
            Optional<FolderPath> target, Set<MessageFlag> flags) throws IOException {
        record(kind, folder, message, remoteId, target, flags, Optional.empty());
    }

    /** @return the changes not yet acknowledged, in the order they were made */
    List<LocalChange> pending() throws IOException;

    void noteUpload(LocalChange change, String note) throws IOException, StoreException;

    Optional<String> uploadNote(LocalChange change) throws IOException;

    /** The change is on the server: {@code attach} runs, then the change is forgotten. */
    void acknowledge(LocalChange change, Attach attach) throws IOException, StoreException;

    /** @param store the store's name, for the message a note gets */
    static UserChanges none(String store) {
        return new UserChanges() {
            @Override
            public void record(LocalChange.Kind kind, FolderPath folder, Optional<MessageId> message,
                    Optional<String> remoteId, Optional<FolderPath> target, Set<MessageFlag> flags,
                    Optional<LocalChange.Agreed> agreed) {
                // The default store is no one's replica: nothing to upload.
            }

            @Override
            public List<LocalChange> pending() {
                return List.of();
            }

            @Override
            public void noteUpload(LocalChange change, String note) throws StoreException {
                throw new StoreException(Status.NOT_FOUND, store + " journals no changes");
            }

            @Override
            public Optional<String> uploadNote(LocalChange change) {
                return Optional.empty();
            }

            @Override
            public void acknowledge(LocalChange change, Attach attach) {
                // Nothing was journaled, so nothing is acknowledged.
            }
        };
    }
}
