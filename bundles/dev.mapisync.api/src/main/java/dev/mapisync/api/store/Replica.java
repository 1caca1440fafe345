package dev.mapisync.api.store;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One remote store's local copy: its own folder tree in the default store's storage, with
 * the sync state that says how far it matches the server, and the journal of the user's
 * changes not yet uploaded.
 *
 * <p>MAPI counterpart: an offline folder file (OST) with its replication state (IOSTX).
 * Implemented by the default store only; a provider receives its replica through
 * {@link dev.mapisync.api.sync.SyncSession#replica()}.
 *
 * <p>Two kinds of writes: the {@link MessageStore} methods are the user's, and each is
 * journaled as a {@link LocalChange} for upload; the {@code applyRemote*} methods, used by
 * a download sync, mirror the server and are not journaled. Every remote write records its
 * remote id and content in one commit, so a sync interrupted at any moment (a cancel, a
 * crash, a kill) resumes from what the replica holds, neither losing nor duplicating a
 * message. Thread-safe, like every {@link MessageStore}.
 */
@ProviderType
public interface Replica extends MessageStore {

    /**
     * @param folder a replica folder
     * @return the folder's sync state, empty if it was never synchronized
     * @throws StoreException if the folder is missing
     */
    Optional<FolderSyncState> syncState(FolderPath folder) throws StoreException;

    /**
     * Records how far a folder is synchronized; call it after the messages it covers were
     * applied.
     *
     * @param folder a replica folder
     * @param state the new state
     * @throws StoreException if the folder is missing
     */
    void setSyncState(FolderPath folder, FolderSyncState state) throws StoreException;

    /**
     * @param folder a replica folder
     * @return for each message downloaded from the server, its remote id (an IMAP UID in
     *         decimal, for example) and its local id
     * @throws StoreException if the folder is missing
     */
    Map<String, MessageId> remoteIds(FolderPath folder) throws StoreException;

    /**
     * Looks up one downloaded message by its remote id, without listing the folder.
     *
     * @param folder a replica folder
     * @param remoteId a remote id, as given to {@link #applyRemoteAppend}
     * @return the local id of the message downloaded with that remote id, empty if the folder
     *         holds none
     * @throws StoreException if the folder is missing
     * @since 1.1
     */
    Optional<MessageId> messageByRemoteId(FolderPath folder, String remoteId) throws StoreException;

    /**
     * Stores a message downloaded from the server, with its remote id, in one commit.
     * Idempotent: if the folder already holds a message with that remote id, nothing is
     * stored and that message's id is returned; but a whole message ({@code complete})
     * replaces one held with its headers only. A remote id is held at most once per folder,
     * whatever was interrupted.
     *
     * @param folder a replica folder
     * @param remoteId the message's id on the server
     * @param content the raw bytes, stored byte for byte (the caller closes it)
     * @param flags the flags on the server
     * @param complete {@code false} if {@code content} holds only the headers
     * @return the local id
     * @throws StoreException if the folder is missing or the content cannot be stored
     */
    MessageId applyRemoteAppend(FolderPath folder, String remoteId, InputStream content, Set<MessageFlag> flags,
            boolean complete) throws StoreException;

    /**
     * Mirrors a flag change made on the server; not journaled. A remote id the folder does
     * not hold is ignored.
     *
     * @param folder a replica folder
     * @param remoteId the message's id on the server
     * @param flags the flags on the server
     * @throws StoreException if the folder is missing
     */
    void applyRemoteFlags(FolderPath folder, String remoteId, Set<MessageFlag> flags) throws StoreException;

    /**
     * Mirrors a message expunged on the server; not journaled. A remote id the folder does
     * not hold is ignored.
     *
     * @param folder a replica folder
     * @param remoteId the message's id on the server
     * @throws StoreException if the folder is missing
     */
    void applyRemoteDelete(FolderPath folder, String remoteId) throws StoreException;

    /**
     * Mirrors a folder created on the server; not journaled. An existing folder is kept.
     *
     * @param folder the folder
     * @throws StoreException if it cannot be created
     */
    void applyRemoteCreateFolder(FolderPath folder) throws StoreException;

    /**
     * Mirrors a folder renamed on the server; not journaled.
     *
     * @param from the old path
     * @param to the new path
     * @throws StoreException if {@code from} is missing or {@code to} exists
     */
    void applyRemoteRenameFolder(FolderPath from, FolderPath to) throws StoreException;

    /**
     * Mirrors a folder deleted on the server, with everything below it; not journaled.
     *
     * @param folder the folder
     * @throws StoreException if it cannot be deleted
     */
    void applyRemoteDeleteFolder(FolderPath folder) throws StoreException;

    /**
     * Empties a folder's downloaded messages and sets its new state, in one commit: what a
     * UIDVALIDITY change calls for. Journaled changes of the folder are kept.
     *
     * @param folder a replica folder
     * @param state the new state
     * @throws StoreException if the folder is missing
     */
    void resetFolder(FolderPath folder, FolderSyncState state) throws StoreException;

    /**
     * The folders without their counts: what a sync comparing hierarchies needs, cheaper than
     * {@link #folders()}, which counts each folder's messages.
     *
     * @return every folder's path, parents before their children; never the root itself
     * @throws StoreException if the hierarchy cannot be read
     * @since 1.1
     */
    List<FolderPath> folderPaths() throws StoreException;

    /**
     * Finds what other software (a mail client reading the replica's files, a second server
     * serving them, the user's own file commands) changed in the replica since it last looked,
     * and journals it as the user's changes: flags, deletions, moves between folders, new
     * messages, new, renamed and removed folders. A folder whose deletions {@code safety} does
     * not allow is left as it is (nothing journaled, nothing recorded) and named in the
     * answer, until the user confirms. Cheap when nothing changed. Call it before
     * {@link #pendingChanges()} at the start of each upload.
     *
     * <p>MAPI counterpart: none; an OST is written only through MAPI. mbsync's and
     * OfflineIMAP's Maildir side does the same job.
     *
     * @param safety how many deletions a folder may upload without confirmation
     * @return the folders left as they are, each with a text saying why and how to confirm;
     *         empty if none (and always empty for a replica that other software cannot change)
     * @throws StoreException if the files or the journal cannot be read or written
     * @since 1.1
     */
    default Map<FolderPath, String> journalOutsideChanges(DeletionSafety safety) throws StoreException {
        return Map.of();
    }

    /**
     * @return the user's changes not yet acknowledged, in journal order
     * @throws StoreException if the journal cannot be read
     */
    List<LocalChange> pendingChanges() throws StoreException;

    /**
     * Records, durably with a journaled change, what the provider must know if the upload of
     * the change is cut short: for example where the target folder stood before a message
     * was appended to it, so that the next upload finds the message the server already got
     * instead of appending it a second time. Written before the change is sent; replaced by a
     * later note of the same change; gone with the change when it is acknowledged.
     *
     * @param change a change from {@link #pendingChanges()}
     * @param note the provider's own text, at most 1,000 characters
     * @throws StoreException if the journal cannot be written or the change is no longer pending
     * @throws IllegalArgumentException if the note is longer than 1,000 characters
     * @since 1.1
     */
    void noteUpload(LocalChange change, String note) throws StoreException;

    /**
     * @param change a change from {@link #pendingChanges()}
     * @return the last note {@link #noteUpload} recorded for the change, empty if none (the
     *         change was never sent, as far as the replica knows)
     * @throws StoreException if the journal cannot be read
     * @since 1.1
     */
    Optional<String> uploadNote(LocalChange change) throws StoreException;

    /**
     * Removes an uploaded change from the journal; for an uploaded {@link LocalChange.Kind#APPEND},
     * also records the remote id the server gave the message.
     *
     * @param change a change from {@link #pendingChanges()}
     * @param remoteId the server's id for an appended message, or empty
     * @throws StoreException if the journal cannot be written
     */
    void acknowledge(LocalChange change, Optional<String> remoteId) throws StoreException;
}
