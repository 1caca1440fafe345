package dev.mapisync.api.store;

import dev.mapisync.api.message.FolderPath;

/**
 * The folders every default store has, and the role each plays.
 *
 * <p>MAPI counterpart: the special folders found through {@code PR_IPM_SUBTREE_ENTRYID},
 * {@code PR_IPM_OUTBOX_ENTRYID}, {@code PR_IPM_SENTMAIL_ENTRYID},
 * {@code PR_IPM_WASTEBASKET_ENTRYID} and the Inbox from {@code GetReceiveFolder}. The paths
 * are top-level folders with Outlook's English names. Thread-safe.
 */
public enum WellKnownFolder {
    /** Where new mail arrives. */
    INBOX("Inbox"),
    /** Mail waiting to be sent; the host drains it through the transports. */
    OUTBOX("Outbox"),
    /** Mail a transport accepted. */
    SENT_ITEMS("Sent Items"),
    /** Mail being written. */
    DRAFTS("Drafts"),
    /** Mail the user deleted. */
    DELETED_ITEMS("Deleted Items");

    private final FolderPath path;

    WellKnownFolder(String name) {
        this.path = FolderPath.of(name);
    }

    /** @return the folder's path, for example {@code Sent Items} */
    public FolderPath path() {
        return path;
    }
}
