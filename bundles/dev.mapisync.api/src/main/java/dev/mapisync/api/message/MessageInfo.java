package dev.mapisync.api.message;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One row of a folder's contents list: enough to show the message without opening it.
 *
 * <p>MAPI counterpart: a row of {@code IMAPIFolder::GetContentsTable} with
 * {@code PR_ENTRYID}, {@code PR_MESSAGE_FLAGS}, {@code PR_MESSAGE_SIZE},
 * {@code PR_MESSAGE_DELIVERY_TIME}, {@code PR_SUBJECT} and {@code PR_SENDER_NAME}.
 * Immutable and thread-safe.
 *
 * @param id the message's id in its store
 * @param flags its flags (copied; never {@code null})
 * @param size its size in bytes as stored, zero or more
 * @param received when the store received it
 * @param subject the decoded Subject header, empty if there is none
 * @param from the decoded From header, empty if there is none
 * @param complete {@code false} while only the headers are held (a headers-only sync)
 */
public record MessageInfo(MessageId id, Set<MessageFlag> flags, long size, Instant received,
        String subject, String from, boolean complete) {

    /** @throws IllegalArgumentException if a part is missing or the size is negative */
    public MessageInfo {
        Objects.requireNonNull(id, "MessageInfo: id is required");
        Objects.requireNonNull(received, "MessageInfo: received is required");
        Objects.requireNonNull(subject, "MessageInfo: subject is required (use \"\")");
        Objects.requireNonNull(from, "MessageInfo: from is required (use \"\")");
        if (size < 0) {
            throw new IllegalArgumentException("MessageInfo: size must not be negative, was " + size);
        }
        flags = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }
}
