package dev.mapisync.api;

import java.util.Objects;

/**
 * Who a store or transport is: a stable id and the name shown to the user.
 *
 * <p>MAPI counterpart: a store's {@code PR_DISPLAY_NAME} and {@code PR_RECORD_KEY}, a
 * transport's {@code PR_PROVIDER_DISPLAY}. The id is stable across restarts (for a
 * configured account, its configuration's persistent id is a good choice) and unique among
 * the stores or the transports of one host. Neither part may carry a secret: both appear in
 * logs, status, events and pages. Immutable and thread-safe.
 *
 * @param id stable, unique, non-blank, no control characters
 * @param displayName what the user sees, non-blank, no control characters
 */
public record Identity(String id, String displayName) {

    /**
     * @throws IllegalArgumentException if either part is blank or has a control character;
     *         the message names the part
     */
    public Identity {
        requireText("id", id);
        requireText("displayName", displayName);
    }

    private static void requireText(String what, String value) {
        Objects.requireNonNull(value, () -> "Identity: " + what + " is required");
        if (value.isBlank()) {
            throw new IllegalArgumentException("Identity: " + what + " must not be blank");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Identity: " + what + " must not contain control characters");
        }
    }

    @Override
    public String toString() {
        return displayName + " [" + id + "]";
    }
}
