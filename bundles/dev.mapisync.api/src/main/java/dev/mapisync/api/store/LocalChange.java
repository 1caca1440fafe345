package dev.mapisync.api.store;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A change the user made to a replica that the server has not seen yet.
 *
 * <p>MAPI counterpart: an entry of the upload side of Outlook's offline store
 * synchronization (the changes {@code SYNC_UPLOAD_CONTENTS} and {@code SYNC_UPLOAD_HIERARCHY}
 * push). A {@link Replica} journals each change made through its {@link MessageStore}
 * methods, in order, durably with the change itself; an upload sync pushes them in
 * {@link #sequence()} order and then {@linkplain Replica#acknowledge acknowledges} each. A
 * replica that other mail software changes journals what it finds changed in its files too
 * ({@link Replica#journalOutsideChanges}).
 * Immutable and thread-safe.
 *
 * @param sequence the change's place in the journal, increasing, unique within a replica
 * @param kind what changed
 * @param folder the folder changed, or holding the message changed
 * @param message the local message changed (for message changes)
 * @param remoteId the message's id on the server, if it has one (a message appended locally
 *        has none until uploaded)
 * @param target the new folder path (for {@link Kind#MOVE} and {@link Kind#RENAME_FOLDER})
 * @param flags the message's new flags (for {@link Kind#FLAGS} and {@link Kind#APPEND})
 * @param agreed what the replica and the server last agreed on before the change, where the
 *        replica knows it: an upload compares it with the server's present state to find a
 *        change made on both sides (a conflict) and to resolve it without losing a message
 * @since 1.1 (agreed)
 */
public record LocalChange(long sequence, Kind kind, FolderPath folder, Optional<MessageId> message,
        Optional<String> remoteId, Optional<FolderPath> target, Set<MessageFlag> flags, Optional<Agreed> agreed) {

    /**
     * What the replica and the server last agreed on, before a change.
     *
     * @param flags the message's flags (for {@link Kind#FLAGS}, {@link Kind#DELETE} and
     *        {@link Kind#MOVE}); a server that holds other flags now changed them too
     * @param folderState the folder's sync state (for {@link Kind#DELETE_FOLDER}); a server
     *        folder whose UIDNEXT is higher now received mail since
     * @since 1.1
     */
    public record Agreed(Set<MessageFlag> flags, Optional<FolderSyncState> folderState) {

        /** @throws NullPointerException if a part is missing */
        public Agreed {
            flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
            Objects.requireNonNull(folderState, "LocalChange.Agreed: folderState is required (use Optional.empty())");
        }
    }

    /** A change without what was agreed before it (as before 1.1). */
    public LocalChange(long sequence, Kind kind, FolderPath folder, Optional<MessageId> message,
            Optional<String> remoteId, Optional<FolderPath> target, Set<MessageFlag> flags) {
        this(sequence, kind, folder, message, remoteId, target, flags, Optional.empty());
    }

    /** What a local change did. */
    public enum Kind {
        /** A message's flags were replaced. */
        FLAGS,
        /** A message was appended locally (a draft, a copy): upload it. */
        APPEND,
        /** A message was moved to {@code target}. */
        MOVE,
        /** A message was deleted. */
        DELETE,
        /** A folder was created. */
        CREATE_FOLDER,
        /** A folder was renamed to {@code target}. */
        RENAME_FOLDER,
        /** A folder was deleted. */
        DELETE_FOLDER
    }

    /** @throws IllegalArgumentException if a part is missing or the sequence is negative */
    public LocalChange {
        Objects.requireNonNull(kind, "LocalChange: kind is required");
        Objects.requireNonNull(folder, "LocalChange: folder is required");
        Objects.requireNonNull(message, "LocalChange: message is required (use Optional.empty())");
        Objects.requireNonNull(remoteId, "LocalChange: remoteId is required (use Optional.empty())");
        Objects.requireNonNull(target, "LocalChange: target is required (use Optional.empty())");
        Objects.requireNonNull(agreed, "LocalChange: agreed is required (use Optional.empty())");
        if (sequence < 0) {
            throw new IllegalArgumentException("LocalChange: sequence must not be negative, was " + sequence);
        }
        flags = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }
}
