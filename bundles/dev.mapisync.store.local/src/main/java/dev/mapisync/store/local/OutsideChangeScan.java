package dev.mapisync.store.local;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.DeletionSafety;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds what other software changed in a replica's files since the last look, and journals it
 * as the user's changes, for upload: the folders first ({@link FolderTreeDiff}: created,
 * renamed, removed), then each folder whose directories' times moved ({@link FolderDiff}):
 * flags, messages moved in from another folder (a file carrying that folder's numbering, whose
 * source is gone: a move; still there: a copy, appended), new messages, deletions. A folder
 * whose deletions the {@link DeletionSafety} does not allow is left as it is: nothing
 * journaled, its record and look unchanged, named in the answer. Every change is journaled
 * before the record that accounts for it is written, so a crash in between finds it again,
 * and {@link PendingNames} keeps it from being journaled twice. The caller holds the lock.
 */
final class OutsideChangeScan {

    private final StoreFiles files;
    private final DeletionSafety safety;
    private final Map<FolderPath, String> held = new LinkedHashMap<>();

    OutsideChangeScan(StoreFiles files, DeletionSafety safety) {
        this.files = files;
        this.safety = safety;
    }

    /** @return the folders left as they are, each with the reason */
    Map<FolderPath, String> run() throws IOException, StoreException {
        FolderLooks looks = files.agreed().looks();
        Map<String, FolderPath> present = new LinkedHashMap<>();
        for (FolderPath path : files.tree().paths()) {
            present.put(FolderNames.directory(path), path);
        }
        if (!looks.found()) {
            // Never looked at (a new replica, or one from before looks were kept): what it holds is what was agreed.
            for (Map.Entry<String, FolderPath> folder : present.entrySet()) {
                adopt(folder.getValue(), folder.getKey());
            }
            looks.save(files.tree().root());
            return Map.of();
        }
        PendingNames pending = new PendingNames(files.changes().pending());
        FolderTreeDiff tree = new FolderTreeDiff(files, looks, present, pending, safety);
        tree.journalRenamesAndCreates();
        List<FolderDiff> changed = new ArrayList<>();
        for (Map.Entry<String, FolderPath> folder : present.entrySet()) {
            read(folder.getValue(), folder.getKey(), pending).ifPresent(changed::add);
        }
        journalMessages(changed, tree, pending);
        held.putAll(tree.journalRemovals());
        looks.save(files.tree().root());
        return held;
    }

    /** @return the folder's files against its record; empty if its times say nothing changed since the last look */
    private Optional<FolderDiff> read(FolderPath path, String directoryName, PendingNames pending) throws IOException {
        Path directory = files.tree().directory(path);
        long lookedAt = System.currentTimeMillis();
        long[] times = FolderDiff.times(directory);
        Optional<FolderLooks.Look> look = files.agreed().looks().get(directoryName);
        FolderLooks.Since since = look.map(l -> l.since(times[0], times[1])).orElse(FolderLooks.Since.CHANGED);
        if (since == FolderLooks.Since.UNCHANGED) {
            return Optional.empty();
        }
        if (since == FolderLooks.Since.NAMES_TELL && FolderDiff.namesDigest(directory) == look.get().namesDigest()) {
            // The names are those of the look, so are the files: the times are trusted from now on.
            files.agreed().looks().put(directoryName, look.get().takenAt(lookedAt));
            return Optional.empty();
        }
        long validity = files.syncStates().validity(directory);
        return Optional.of(FolderDiff.read(path, directory, directoryName, validity, times,
                files.agreed().of(directory), pending.bases()));
    }

    /** Takes the folder's files as agreed: every server message of its numbering, with its flags. */
    private void adopt(FolderPath path, String directoryName) throws IOException {
        Path directory = files.tree().directory(path);
        long[] times = FolderDiff.times(directory);
        long validity = files.syncStates().validity(directory);
        AgreedMessages agreed = files.agreed().of(directory);
        agreed.clear();
        FolderDiff diff = FolderDiff.read(path, directory, directoryName, validity, times, agreed, Set.of());
        for (FolderDiff.Found found : diff.adopted) {
            agreed.put(found.remoteField().orElseThrow(), found.flags());
        }
        agreed.save(directory);
        lookedAt(diff);
    }

    private void lookedAt(FolderDiff diff) throws IOException {
        Optional<FolderSyncState> state = files.syncStates().get(diff.directory);
        files.agreed().looks().put(diff.directoryName, new FolderLooks.Look(diff.validity,
                state.map(FolderSyncState::uidNext).orElse(0L), files.agreed().of(diff.directory).size(),
                diff.curModified, diff.newModified, diff.namesDigest, diff.lookedAtMillis));
    }

    /** Moves first (they explain files gone from one folder and found in another), then each folder's changes. */
    private void journalMessages(List<FolderDiff> changed, FolderTreeDiff tree, PendingNames pending)
            throws IOException, StoreException {
        Map<String, FolderDiff.Vanished> vanished = new HashMap<>();
        for (FolderDiff diff : changed) {
            diff.vanished.forEach(v -> vanished.put(v.remoteField(), v));
        }
        for (FolderDiff diff : changed) {
            for (FolderDiff.Found found : diff.foreign) {
                movedIn(diff, found, vanished.remove(found.remoteField().orElseThrow()), tree, pending);
            }
        }
        for (FolderDiff diff : changed) {
            List<FolderDiff.Vanished> deleted = diff.vanished.stream()
                    .filter(v -> vanished.containsKey(v.remoteField())).toList();
            if (!safety.allows(diff.path, deleted.size(), diff.agreedCount)) {
                held.put(diff.path, tooMany(diff.path, deleted.size(), diff.agreedCount));
                continue;
            }
            journalFolder(diff, deleted, pending);
            files.agreed().save(diff.directory);
            lookedAt(diff);
        }
    }

    static String tooMany(FolderPath path, int deletions, int messages) {
        return "\"" + path + "\": " + deletions + " of its " + messages + " messages are gone from the replica's files; "
                + "they are not deleted on the server, and the folder is not synchronized, until the deletions are "
                + "confirmed (the account's setting confirmDeletions, with this folder's name)";
    }

    /**
     * A file with another folder's numbering: moved here if that message is gone from its
     * folder (or its folder is gone), else copied; either way it is the user's message here
     * now, so it loses the foreign server id first (a crash after that finds a new message
     * here and a deletion there: neither lost nor doubled).
     */
    private void movedIn(FolderDiff diff, FolderDiff.Found found, FolderDiff.Vanished source, FolderTreeDiff tree,
            PendingNames pending) throws IOException, StoreException {
        String field = found.remoteField().orElseThrow();
        Optional<FolderPath> from = source != null ? Optional.of(source.folder().path)
                : tree.vanishedWithValidity(FolderDiff.validityOf(field));
        boolean copy = from.isEmpty() && tree.presentWithValidity(FolderDiff.validityOf(field));
        if (from.isEmpty() && !copy) {
            // A leftover of this folder's own past numbering (a reset cut short): the listing removes it.
            return;
        }
        String base = MaildirName.parse(found.fileName()).baseWithoutRemote();
        MaildirFolder maildir = files.folder(diff.path);
        Optional<ListingRow> row = maildir.row(found.base());
        if (row.isEmpty()) {
            return;
        }
        maildir.rebase(found.base(), row.get(), base);
        if (copy) {
            record(LocalChange.Kind.APPEND, diff.path, Optional.of(base), Optional.empty(), Optional.empty(),
                    found.flags(), Optional.empty());
            return;
        }
        String remoteId = MaildirName.decodeRemote(field);
        if (!pending.removes(from.get(), remoteId)) {
            Optional<LocalChange.Agreed> agreed = source == null ? Optional.empty()
                    : Optional.of(new LocalChange.Agreed(source.agreed(), Optional.empty()));
            record(LocalChange.Kind.MOVE, from.get(), Optional.of(found.base()), Optional.of(remoteId),
                    Optional.of(diff.path), found.flags(), agreed);
        }
        if (source != null) {
            files.agreed().of(source.folder().directory).remove(field);
        }
    }

    /** One folder's flags, new messages and deletions, journaled and taken into its record. */
    private void journalFolder(FolderDiff diff, List<FolderDiff.Vanished> deleted, PendingNames pending)
            throws IOException {
        AgreedMessages agreed = files.agreed().of(diff.directory);
        for (Map.Entry<FolderDiff.Found, Set<MessageFlag>> change : diff.flagChanges.entrySet()) {
            FolderDiff.Found found = change.getKey();
            String field = found.remoteField().orElseThrow();
            String remoteId = MaildirName.decodeRemote(field);
            if (!pending.setsFlags(diff.path, remoteId, found.flags())) {
                record(LocalChange.Kind.FLAGS, diff.path, Optional.of(found.base()), Optional.of(remoteId),
                        Optional.empty(), found.flags(), Optional.of(new LocalChange.Agreed(change.getValue(),
                                Optional.empty())));
            }
            agreed.put(field, found.flags());
        }
        for (FolderDiff.Found found : diff.adopted) {
            agreed.put(found.remoteField().orElseThrow(), found.flags());
        }
        diff.stale.forEach(agreed::remove);
        for (FolderDiff.Found found : diff.unnumbered) {
            record(LocalChange.Kind.APPEND, diff.path, Optional.of(found.base()), Optional.empty(), Optional.empty(),
                    found.flags(), Optional.empty());
        }
        for (FolderDiff.Vanished gone : deleted) {
            String remoteId = MaildirName.decodeRemote(gone.remoteField());
            if (!pending.removes(diff.path, remoteId)) {
                record(LocalChange.Kind.DELETE, diff.path, Optional.empty(), Optional.of(remoteId), Optional.empty(),
                        Set.of(), Optional.of(new LocalChange.Agreed(gone.agreed(), Optional.empty())));
            }
            agreed.remove(gone.remoteField());
        }
    }

    private void record(LocalChange.Kind kind, FolderPath folder, Optional<String> message, Optional<String> remoteId,
            Optional<FolderPath> target, Set<MessageFlag> flags, Optional<LocalChange.Agreed> agreed)
            throws IOException {
        files.changes().record(kind, folder, message.map(MessageId::new), remoteId, target, flags, agreed);
    }

    /** @return whether a folder directory holds a sync state (it was synchronized, by this replica or the one it was copied from) */
    static boolean synchronizedBefore(Path directory) {
        return Files.exists(directory.resolve(SyncStateFile.NAME));
    }
}
