package dev.mapisync.api.store;

import dev.mapisync.api.Identity;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.sync.Sync;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A message store: a folder hierarchy holding messages as streams plus flags.
 *
 * <p>MAPI counterpart: {@code IMsgStore} with its {@code IMAPIFolder} and {@code IMessage}
 * objects; a store that can synchronize itself with a server also exposes
 * {@code IMAPISync}, here {@link #sync()}. Implemented by store providers (an IMAP account,
 * a Maildir, the default local store) and registered as an OSGi service; the host and the
 * user's tools call it.
 *
 * <p>Threading: every method may be called from any thread, concurrently; a store makes
 * each operation atomic (it happens whole or not at all) and may block on I/O, so the host
 * never calls it from a thread that must not block. Content is always streamed.
 *
 * <p>Errors: a failure is a {@link StoreException} whose status says what kind it was and
 * whose message names the culprit; a failed operation changes nothing. A missing folder or
 * message is {@link dev.mapisync.api.Status#NOT_FOUND}, a folder that exists already
 * {@link dev.mapisync.api.Status#COLLISION}, a full disk or quota
 * {@link dev.mapisync.api.Status#QUOTA}. Names that break {@link FolderPath}'s rules never
 * reach a store.
 */
@ConsumerType
public interface MessageStore {

    /**
     * Service property, {@code Boolean}: {@code true} on the one default store, the store
     * holding the {@link WellKnownFolder#OUTBOX} the host drains.
     */
    String DEFAULT_STORE_PROPERTY = "mapisync.store.default";

    /**
     * Service property, {@code Long} or a decimal {@code String}: seconds between scheduled
     * syncs of this store. Absent means the host's default; zero means on demand only.
     */
    String SYNC_INTERVAL_PROPERTY = "mapisync.sync.interval";

    /** @return who this store is; the same for the life of the service */
    Identity identity();

    /**
     * @return every folder, parents before their children; never the root itself
     * @throws StoreException if the hierarchy cannot be read
     */
    List<FolderInfo> folders() throws StoreException;

    /**
     * Creates a folder; its parent must exist (or be the root).
     *
     * @param path the new folder
     * @return the new folder's row
     * @throws StoreException if it exists already, its parent is missing, or it cannot be written
     */
    FolderInfo createFolder(FolderPath path) throws StoreException;

    /**
     * Renames or moves a folder with everything below it.
     *
     * @param from the existing folder
     * @param to its new place; must not exist and must not lie below {@code from}
     * @throws StoreException if {@code from} is missing, {@code to} exists, or a well-known
     *         folder of the default store would move
     */
    void renameFolder(FolderPath from, FolderPath to) throws StoreException;

    /**
     * Deletes a folder with everything below it.
     *
     * @param path the folder
     * @throws StoreException if it is missing or is a well-known folder of the default store
     */
    void deleteFolder(FolderPath path) throws StoreException;

    /**
     * @param folder the folder
     * @return a row per message in the folder, in no promised order
     * @throws StoreException if the folder is missing or cannot be read
     */
    List<MessageInfo> messages(FolderPath folder) throws StoreException;

    /**
     * @param folder the folder
     * @param id the message
     * @return the message's row
     * @throws StoreException if the folder or message is missing
     */
    MessageInfo message(FolderPath folder, MessageId id) throws StoreException;

    /**
     * Opens a message's raw bytes, exactly as they were appended.
     *
     * @param folder the folder
     * @param id the message
     * @return a new stream; the caller closes it
     * @throws StoreException if the folder or message is missing
     */
    InputStream openMessage(FolderPath folder, MessageId id) throws StoreException;

    /**
     * Appends a message, reading {@code content} to its end (the caller closes it). When this
     * returns the message is durable; if it throws, no part of the message is in the store.
     *
     * @param folder the folder
     * @param content the raw RFC 5322 bytes, stored byte for byte
     * @param flags the message's flags
     * @return the new message's id
     * @throws StoreException if the folder is missing, the content cannot be read, or the
     *         store is full ({@link dev.mapisync.api.Status#QUOTA})
     */
    MessageId appendMessage(FolderPath folder, InputStream content, Set<MessageFlag> flags) throws StoreException;

    /**
     * Replaces a message's flags.
     *
     * @param folder the folder
     * @param id the message
     * @param flags the new flags
     * @throws StoreException if the folder or message is missing
     */
    void setFlags(FolderPath folder, MessageId id, Set<MessageFlag> flags) throws StoreException;

    /**
     * Moves a message to another folder.
     *
     * @param from the folder holding it
     * @param id the message
     * @param to the target folder
     * @return the message's id in {@code to}
     * @throws StoreException if a folder or the message is missing
     */
    MessageId moveMessage(FolderPath from, MessageId id, FolderPath to) throws StoreException;

    /**
     * Deletes a message for good.
     *
     * @param folder the folder
     * @param id the message
     * @throws StoreException if the folder or message is missing
     */
    void deleteMessage(FolderPath folder, MessageId id) throws StoreException;

    /**
     * The sync this store exposes, if it synchronizes itself with a server.
     *
     * <p>MAPI counterpart: {@code QueryInterface(IID_IMAPISync)} on the store object.
     *
     * @return the sync, or empty for a store with nothing to synchronize (such as the
     *         default local store)
     */
    default Optional<Sync> sync() {
        return Optional.empty();
    }
}
