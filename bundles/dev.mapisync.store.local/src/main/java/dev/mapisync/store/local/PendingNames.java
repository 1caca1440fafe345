package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.store.LocalChange;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the journal already holds, as {@link OutsideChangeScan} needs it: a change found in
 * the files that a pending change already says (the user's own, or one found by a look cut
 * short before its record was written) is not journaled twice.
 */
final class PendingNames {

    private final Set<String> bases = new HashSet<>();
    private final Set<String> gone = new HashSet<>();
    private final Map<String, Set<MessageFlag>> flags = new HashMap<>();
    private final Set<String> folderChanges = new HashSet<>();

    PendingNames(List<LocalChange> pending) {
        for (LocalChange change : pending) {
            String key = key(change.folder(), change.remoteId().orElse(""));
            switch (change.kind()) {
                case APPEND -> change.message().ifPresent(m -> bases.add(m.value()));
                case MOVE -> {
                    change.message().ifPresent(m -> bases.add(MaildirName.parse(m.value()).baseWithoutRemote()));
                    gone.add(key);
                }
                case DELETE -> gone.add(key);
                case FLAGS -> flags.put(key, change.flags());
                default -> folderChanges.add(change.kind() + "|" + change.folder() + "|" + change.target().orElse(null));
            }
        }
    }

    private static String key(FolderPath folder, String remoteId) {
        return folder + "|" + remoteId;
    }

    /** @return the bases of local messages a pending append or move names (they wait for their server id) */
    Set<String> bases() {
        return bases;
    }

    boolean removes(FolderPath folder, String remoteId) {
        return gone.contains(key(folder, remoteId));
    }

    boolean setsFlags(FolderPath folder, String remoteId, Set<MessageFlag> to) {
        return to.equals(flags.get(key(folder, remoteId)));
    }

    boolean has(LocalChange.Kind kind, FolderPath folder, Optional<FolderPath> target) {
        return folderChanges.contains(kind + "|" + folder + "|" + target.orElse(null));
    }
}
