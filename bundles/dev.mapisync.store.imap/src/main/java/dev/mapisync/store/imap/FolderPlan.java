package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.store.FolderSyncState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * What one folder needs, as {@link FolderPlanner} found it, before anything is written: where
 * the server stands, what the replica must apply of the server's changes ({@link
 * ServerChanges}), and the UIDs to download ({@link FolderDownload}). Its folder stays open
 * (one SELECT) for the download and after.
 *
 * @param restart the state a folder the replica starts anew begins at (a new one, or one the server renumbered);
 *        such a plan holds nothing else, the folder is compared once the replica has that state
 * @param renumbered whether the server renumbered the folder (UIDVALIDITY): the replica drops what it downloaded
 * @param expunged the server ids of the replica's messages that the server no longer has
 * @param flags the server's flags of each message whose flags are not the replica's, by server id
 * @param newUids the UIDs to download, in ascending order
 */
record FolderPlan(FolderPath path, IMAPFolder folder, long validity, long uidNext, long highestModSeq,
        Optional<FolderSyncState> restart, boolean renumbered, List<String> expunged,
        Map<String, Set<MessageFlag>> flags, List<Long> newUids) {

    /** A folder where nothing changed since the state the last sync left. */
    static FolderPlan quiet(FolderPath path, IMAPFolder folder, FolderSyncState left) {
        return new FolderPlan(path, folder, left.validity(), left.uidNext(), left.highestModSeq(), Optional.empty(),
                false, List.of(), Map.of(), List.of());
    }

    /** A folder the replica starts anew, at {@code start}: it is compared once it has that start. */
    static FolderPlan restart(FolderPath path, IMAPFolder folder, FolderSyncState start, boolean renumbered) {
        return new FolderPlan(path, folder, start.validity(), start.uidNext(), start.highestModSeq(),
                Optional.of(start), renumbered, List.of(), Map.of(), List.of());
    }

    /** @return where the server stands: the state the folder reaches once all of the plan is applied */
    FolderSyncState server() {
        return new FolderSyncState(validity, uidNext, highestModSeq);
    }
}
