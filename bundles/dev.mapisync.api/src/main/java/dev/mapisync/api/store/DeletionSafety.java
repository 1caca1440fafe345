package dev.mapisync.api.store;

import dev.mapisync.api.message.FolderPath;
import java.util.Objects;
import java.util.Set;

/**
 * How many of a folder's messages a replica may delete on the server because they vanished
 * from its files (other mail software deleted them, or the folder was emptied or removed by
 * accident), before it stops for that folder and waits for the user to confirm.
 *
 * <p>MAPI counterpart: none; Outlook's offline store is written only through MAPI. This is
 * the safety careful two-way sync engines keep against a replica that suddenly looks empty.
 * Immutable and thread-safe.
 *
 * @param share the share of a folder's messages (above 0, at most 1) that may be deleted in
 *        one sync; more stops the folder
 * @param minimum the number of deletions always allowed in a folder, whatever the share (so
 *        that emptying a folder of a few messages needs no confirmation)
 * @param confirmed the folders whose deletions the user confirmed: they are uploaded whatever
 *        their number
 * @since 1.1
 */
public record DeletionSafety(double share, int minimum, Set<FolderPath> confirmed) {

    /** Half of a folder, and always up to 10 messages, nothing confirmed. */
    public static final DeletionSafety DEFAULT = new DeletionSafety(0.5, 10, Set.of());

    /** @throws IllegalArgumentException if the share is not in (0, 1] or the minimum is negative */
    public DeletionSafety {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("DeletionSafety: share must be above 0 and at most 1, was " + share);
        }
        if (minimum < 0) {
            throw new IllegalArgumentException("DeletionSafety: minimum must not be negative, was " + minimum);
        }
        confirmed = Set.copyOf(Objects.requireNonNull(confirmed, "DeletionSafety: confirmed is required"));
    }

    /**
     * @param folder the folder, for the confirmation
     * @param deletions how many of its messages would be deleted
     * @param messages how many it held at the last sync
     * @return whether the deletions may go to the server
     */
    public boolean allows(FolderPath folder, int deletions, int messages) {
        return deletions <= minimum || deletions <= share * messages || confirmed.contains(folder);
    }
}
