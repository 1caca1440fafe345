package dev.mapisync.api.store;

/**
 * How far a replica folder is synchronized with its server folder.
 *
 * <p>MAPI counterpart: the per-folder state of Outlook's replication state machine (IOSTX),
 * here in IMAP's terms: {@code UIDVALIDITY}, {@code UIDNEXT} and {@code HIGHESTMODSEQ}
 * (RFC 3501, RFC 7162). A provider with other notions maps them onto these numbers (zero
 * where it has nothing to say). Immutable and thread-safe.
 *
 * @param validity the server folder's UIDVALIDITY: when it changes, every remote id of the
 *        folder is void and the folder is synchronized anew
 * @param uidNext the next UID the server will assign, as last seen; zero if unknown
 * @param highestModSeq the highest MODSEQ seen; zero if the server has none
 */
public record FolderSyncState(long validity, long uidNext, long highestModSeq) {

    /** @throws IllegalArgumentException if a number is negative */
    public FolderSyncState {
        if (validity < 0 || uidNext < 0 || highestModSeq < 0) {
            throw new IllegalArgumentException("FolderSyncState: numbers must not be negative: validity " + validity
                    + ", uidNext " + uidNext + ", highestModSeq " + highestModSeq);
        }
    }
}
