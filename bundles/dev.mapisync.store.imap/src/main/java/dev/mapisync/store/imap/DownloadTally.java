package dev.mapisync.store.imap;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How one folder's download goes: the messages dealt with (for the progress), the lowest UID
 * left out (the folder's sync state stays below it, so the next sync tries it again), the
 * messages taken as the server served them twice, and the digests of deliveries that came
 * short of their size.
 */
final class DownloadTally {

    private final FolderPlan plan;
    private final SyncProgress progress;
    private int done;
    private long lowestMissing = Long.MAX_VALUE;
    private int servedShortAlike;
    /** Digests of deliveries shorter than the server's RFC822.SIZE, by UID: fetched once more, one by one. */
    private final Map<Long, Long> shortDeliveries = new HashMap<>();

    DownloadTally(FolderPlan plan, SyncProgress progress) {
        this.plan = plan;
        this.progress = progress;
    }

    /** One more message of the plan dealt with: the progress moves on. */
    void counted() {
        progress.counted(plan.path(), ++done, plan.newUids().size());
    }

    /** The message is not in the replica after this sync. */
    void missing(long uid) {
        lowestMissing = Math.min(lowestMissing, uid);
    }

    void servedShortAlike() {
        servedShortAlike++;
    }

    void deliveredShort(long uid, long digest) {
        shortDeliveries.put(uid, digest);
    }

    /** @return the digest of the message's earlier delivery short of its size, if there was one */
    Optional<Long> earlierShort(long uid) {
        return Optional.ofNullable(shortDeliveries.get(uid));
    }

    /** @return the UIDNEXT the folder reached: the server's, or the lowest UID left out */
    long reachedUidNext() {
        return Math.min(plan.uidNext(), lowestMissing);
    }

    /** A warning, not a failure: servers that report sizes too large exist (see Delivered), and their messages are there. */
    void warnServedShort() {
        if (servedShortAlike > 0) {
            progress.error(dev.mapisync.api.Status.PROTOCOL, plan.path() + ": " + progress.grouped(servedShortAlike)
                    + " messages came with fewer bytes than the server's own RFC822.SIZE, the same bytes twice; they are "
                    + "stored as served");
        }
    }
}
