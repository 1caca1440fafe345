package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.StoreException;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;

/**
 * Decides what one folder needs, and writes nothing: quiet (the connection kept it selected
 * since the last sync and heard no news of it), QRESYNC (the server says what vanished and
 * changed since the last sync), or the full compare (every UID, and the flags that changed:
 * all of them, or those since the last modification sequence where the server has CONDSTORE).
 * It reads the replica to compare; the plan it returns says what to apply and what to
 * download. The folder is left open for the download.
 */
final class FolderPlanner {

    private final SyncParts parts;
    private final FolderStandings standings;

    FolderPlanner(SyncParts parts, FolderStandings standings) {
        this.parts = parts;
        this.standings = standings;
    }

    /** @param seenElsewhere the folder's standing as seen from a connection not holding it, if one saw it */
    FolderPlan plan(ImapConnection connection, FolderPath path, String serverName,
            Optional<FolderSyncState> seenElsewhere) throws MessagingException, IOException, StoreException {
        Optional<FolderSyncState> state = standings.startState(path);
        Optional<IMAPFolder> quiet = connection.takeQuiet(serverName, state, seenElsewhere);
        if (quiet.isPresent()) {
            // Still selected since the last sync, which left the replica here, and the server has no news of it.
            return FolderPlan.quiet(path, quiet.get(), state.orElseThrow());
        }
        IMAPFolder folder = (IMAPFolder) ImapConnection.withMailClassLoader(
                () -> connection.store().getFolder(serverName));
        Optional<FolderSyncState> resumable = standings.resumable(path);
        if (connection.has("QRESYNC") && resumable.isPresent() && !parts.refusals().longWay(path)) {
            Optional<FolderPlan> quick;
            try {
                quick = quickPlan(path, folder, resumable.get());
            } catch (MessagingException | IOException e) {
                parts.refusals().quickPlanFailed(path);
                throw e;
            }
            if (quick.isPresent()) {
                return quick.get();
            }
        }
        parts.progress().step(path + ": comparing");
        boolean condstore = connection.has("CONDSTORE");
        return ImapConnection.withMailClassLoader(() -> {
            if (condstore) {
                folder.open(Folder.READ_ONLY, ResyncData.CONDSTORE);
            } else {
                folder.open(Folder.READ_ONLY);
            }
            FolderPlan planned = null;
            try {
                planned = compare(path, folder, state, condstore);
                return planned;
            } finally {
                closeIfFailed(folder, planned);
            }
        });
    }

    /**
     * The plan of a folder the replica started anew ({@link #plan} asked for its start, which is
     * applied now), compared with the start it got.
     */
    FolderPlan afterRestart(ImapConnection connection, FolderPlan restart)
            throws MessagingException, IOException, StoreException {
        boolean condstore = connection.has("CONDSTORE");
        return ImapConnection.withMailClassLoader(() -> {
            FolderPlan planned = null;
            try {
                planned = compare(restart.path(), restart.folder(), restart.restart(), condstore);
                return planned;
            } finally {
                closeIfFailed(restart.folder(), planned);
            }
        });
    }

    /**
     * The full compare of an open folder: every UID the server has against the replica's. A
     * folder the replica has no state of, or one the server renumbered, is not compared: its
     * plan is the start the replica must give it first (the replica shows the messages of the
     * numbering it holds, and none of the old one).
     */
    private FolderPlan compare(FolderPath path, IMAPFolder folder, Optional<FolderSyncState> state, boolean condstore)
            throws MessagingException, StoreException {
        long validity = folder.getUIDValidity();
        if (state.isEmpty() || state.get().validity() != validity) {
            boolean renumbered = state.isPresent();
            if (renumbered) {
                parts.progress().error(Status.PARTIAL, path + ": the server renumbered the folder (UIDVALIDITY "
                        + state.get().validity() + " to " + validity + "); it is synchronized anew");
            }
            return FolderPlan.restart(path, folder, new FolderSyncState(validity, 0, 0), renumbered);
        }
        long since = state.get().highestModSeq();
        long highest = condstore ? folder.getHighestModSeq() : 0;
        Map<String, MessageId> known = parts.replica().remoteIds(path);
        boolean allFlags = !(condstore && since > 0);
        Map<String, Flags> serverFlags = new HashMap<>();
        List<Long> listed = listUids(folder, known, allFlags ? serverFlags : null);
        if (!allFlags && highest != since) {
            for (Message changed : changedSince(folder, listed, since)) {
                String id = Long.toString(folder.getUID(changed));
                if (known.containsKey(id)) {
                    serverFlags.put(id, changed.getFlags());
                }
            }
        }
        Set<String> onServer = listed.stream().map(String::valueOf).collect(Collectors.toSet());
        List<String> expunged = known.keySet().stream().filter(id -> !onServer.contains(id)).toList();
        List<Long> newUids = listed.stream().filter(uid -> !known.containsKey(Long.toString(uid))).sorted().toList();
        return new FolderPlan(path, folder, validity, folder.getUIDNext(), highest, Optional.empty(), false, expunged,
                changedFlags(path, known, serverFlags), newUids);
    }

    /**
     * @param flags receives the server's flags of each known message, if not null (then they are fetched with the UIDs)
     * @return the UID of every message in the open folder
     */
    private static List<Long> listUids(IMAPFolder folder, Map<String, MessageId> known, Map<String, Flags> flags)
            throws MessagingException {
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        if (flags != null) {
            profile.add(FetchProfile.Item.FLAGS);
        }
        List<Long> listed = new ArrayList<>();
        for (Message message : everyMessage(folder, profile)) {
            if (message.isExpunged()) {
                continue;
            }
            long uid = folder.getUID(message);
            listed.add(uid);
            if (flags != null && known.containsKey(Long.toString(uid))) {
                flags.put(Long.toString(uid), message.getFlags());
            }
        }
        return listed;
    }

    /** @return the server's flags of each message whose flags the replica does not have */
    private Map<String, Set<MessageFlag>> changedFlags(FolderPath path, Map<String, MessageId> known,
            Map<String, Flags> serverFlags) throws StoreException {
        if (serverFlags.isEmpty()) {
            return Map.of();
        }
        Map<MessageId, Set<MessageFlag>> local = new HashMap<>();
        for (MessageInfo info : parts.replica().messages(path)) {
            local.put(info.id(), info.flags());
        }
        Map<String, Set<MessageFlag>> changed = new LinkedHashMap<>();
        serverFlags.forEach((id, flags) -> {
            Set<MessageFlag> server = ServerFlags.of(flags);
            if (!server.equals(local.get(known.get(id)))) {
                changed.put(id, server);
            }
        });
        return changed;
    }

    /**
     * QRESYNC (RFC 7162): the server itself says what vanished and what changed since the last
     * sync, and the new messages are those from the last UIDNEXT on; no list of every UID.
     *
     * @return the plan, or empty if the server renumbered the folder (then the full way is taken)
     */
    private Optional<FolderPlan> quickPlan(FolderPath path, IMAPFolder folder, FolderSyncState last)
            throws MessagingException, IOException, StoreException {
        parts.progress().step(path + ": comparing (QRESYNC)");
        return ImapConnection.withMailClassLoader(() -> {
            List<MailEvent> events = folder.open(Folder.READ_ONLY, new ResyncData(last.validity(), last.highestModSeq()));
            FolderPlan planned = null;
            try {
                if (folder.getUIDValidity() != last.validity()) {
                    return Optional.empty();
                }
                planned = reported(path, folder, last, events == null ? List.of() : events);
                return Optional.of(planned);
            } finally {
                closeIfFailed(folder, planned);
            }
        });
    }

    /** @return the plan of what the server reported at QRESYNC, with the messages from the last UIDNEXT on */
    private FolderPlan reported(FolderPath path, IMAPFolder folder, FolderSyncState last, List<MailEvent> events)
            throws MessagingException, StoreException {
        if (events.isEmpty() && folder.getUIDNext() == last.uidNext()
                && folder.getHighestModSeq() == last.highestModSeq()) {
            // Nothing changed on the server since the last sync: the replica is not even read.
            return FolderPlan.quiet(path, folder, last);
        }
        // Only what the server reports is looked up in the replica, one message at a time: no folder listing.
        List<String> expunged = new ArrayList<>();
        Map<String, Set<MessageFlag>> flags = new LinkedHashMap<>();
        for (MailEvent event : events) {
            if (event instanceof MessageVanishedEvent vanished) {
                for (long uid : vanished.getUIDs()) {
                    expunged.add(Long.toString(uid));
                }
            } else if (event instanceof MessageChangedEvent changed) {
                // The replica renames a message only when its flags differ: it is not read here.
                flags.put(Long.toString(folder.getUID(changed.getMessage())),
                        ServerFlags.of(changed.getMessage().getFlags()));
            }
        }
        List<Long> newUids = new ArrayList<>();
        Message[] fresh = folder.getMessagesByUID(last.uidNext(), UIDFolder.MAXUID);
        FetchProfile uids = new FetchProfile();
        uids.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(fresh, uids);
        for (Message message : fresh) {
            long uid = folder.getUID(message);
            // "n:*" always includes the highest UID, even one below n; a sync cut short may have stored some.
            if (uid >= last.uidNext() && parts.replica().messageByRemoteId(path, Long.toString(uid)).isEmpty()) {
                newUids.add(uid);
            }
        }
        Collections.sort(newUids);
        return new FolderPlan(path, folder, last.validity(), folder.getUIDNext(), folder.getHighestModSeq(),
                Optional.empty(), false, expunged, flags, newUids);
    }

    /**
     * @return every message of the open folder, with the profile's items fetched {@link
     *         ResponseBudget#SLICE} at a time: no answer of a large folder comes near the budget
     */
    private static Message[] everyMessage(IMAPFolder folder, FetchProfile profile) throws MessagingException {
        int count = folder.getMessageCount();
        Message[] all = count <= 0 ? new Message[0] : folder.getMessages(1, count);
        for (int from = 0; from < all.length; from += ResponseBudget.SLICE) {
            folder.fetch(Arrays.copyOfRange(all, from, Math.min(all.length, from + ResponseBudget.SLICE)), profile);
        }
        return all;
    }

    /** @return the listed messages whose flags changed since the modification sequence, asked a slice of UIDs at a time */
    private static List<Message> changedSince(IMAPFolder folder, List<Long> listedUids, long since)
            throws MessagingException {
        List<Long> sorted = listedUids.stream().sorted().toList();
        List<Message> changed = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += ResponseBudget.SLICE) {
            long last = sorted.get(Math.min(sorted.size(), from + ResponseBudget.SLICE) - 1);
            changed.addAll(Arrays.asList(folder.getMessagesByUIDChangedSince(sorted.get(from), last, since)));
        }
        return changed;
    }

    /** A plan leaves its folder open for the download (one SELECT) and after; one that failed closes it. */
    private static void closeIfFailed(IMAPFolder folder, FolderPlan planned) throws MessagingException {
        if (planned == null) {
            folder.close(false);
        }
    }
}
