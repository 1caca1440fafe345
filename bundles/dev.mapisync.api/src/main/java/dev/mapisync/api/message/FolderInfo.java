package dev.mapisync.api.message;

import java.util.Objects;

/**
 * One row of a store's folder hierarchy.
 *
 * <p>MAPI counterpart: a row of {@code IMAPIFolder::GetHierarchyTable} with
 * {@code PR_DISPLAY_NAME}, {@code PR_CONTENT_COUNT} and {@code PR_CONTENT_UNREAD}.
 * Immutable and thread-safe.
 *
 * @param path where the folder sits
 * @param messageCount how many messages it holds, zero or more
 * @param unreadCount how many of them are not {@link MessageFlag#SEEN}, zero to {@code messageCount}
 */
public record FolderInfo(FolderPath path, long messageCount, long unreadCount) {

    /** @throws IllegalArgumentException if the path is missing or the counts do not add up */
    public FolderInfo {
        Objects.requireNonNull(path, "FolderInfo: path is required");
        if (messageCount < 0 || unreadCount < 0 || unreadCount > messageCount) {
            throw new IllegalArgumentException("FolderInfo " + path + ": counts must satisfy 0 <= unread ("
                    + unreadCount + ") <= messages (" + messageCount + ")");
        }
    }
}
