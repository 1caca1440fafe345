package dev.mapisync.store.imap;

import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.LocalChange;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What an upload does when the server changed the same message or folder since it and the
 * replica last agreed ({@link LocalChange#agreed()}): the one rule is that no message is
 * lost. Flags changed on both sides keep the union (a flag removed on one side and kept on
 * the other stays); a message deleted here but changed on the server is kept on both sides
 * (downloaded again); a message changed here but deleted on the server is appended again; a
 * folder removed here that received mail on the server stays on both sides. Without a
 * record of what was agreed, the change made here wins, as before.
 */
final class ConflictRules {

    private ConflictRules() {
    }

    /** @return whether the server changed the message's flags since the change's agreed state */
    static boolean changedOnServer(LocalChange change, Set<MessageFlag> server) {
        return change.agreed().isPresent() && !change.agreed().get().flags().equals(server);
    }

    /** @return the flags the message gets on both sides */
    static Set<MessageFlag> flagsToStore(LocalChange change, Set<MessageFlag> server) {
        if (!changedOnServer(change, server)) {
            return change.flags();
        }
        EnumSet<MessageFlag> union = EnumSet.noneOf(MessageFlag.class);
        union.addAll(change.flags());
        union.addAll(server);
        return Set.copyOf(union);
    }

    /**
     * @param now the server folder's state now, empty if unknown
     * @return whether a folder removed here received mail on the server since the last agreed
     *         state (or was made anew there: another UIDVALIDITY); without an agreed state, no
     */
    static boolean receivedMail(LocalChange change, Optional<FolderSyncState> now) {
        Optional<FolderSyncState> agreed = change.agreed().flatMap(LocalChange.Agreed::folderState);
        if (agreed.isEmpty() || now.isEmpty()) {
            return false;
        }
        return now.get().validity() != agreed.get().validity() || now.get().uidNext() > agreed.get().uidNext();
    }
}
