package dev.mapisync.api.message;

import java.util.Objects;

/**
 * A message's id within its store, opaque to everybody but that store.
 *
 * <p>MAPI counterpart: {@code PR_ENTRYID}. A store assigns the id when a message is
 * appended; it stays the same while the message stays in its folder (a move may give a new
 * id, which the move returns). Non-blank, no control characters. Immutable and thread-safe.
 *
 * @param value the store's text for the id
 */
public record MessageId(String value) {

    /** @throws IllegalArgumentException if the value is blank or holds a control character */
    public MessageId {
        Objects.requireNonNull(value, "message id is required");
        if (value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("message id must be non-blank text without control characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
