package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.sync.SyncFlag;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Downloads a plan's new messages on one connection, {@link #BATCH} UIDs at a time: the small
 * ones several per command ({@link BatchFetch}, unless the folder goes one by one), the rest
 * one at a time ({@link SingleFetch}); a message that keeps failing is skipped ({@link
 * FetchTroubles}). Then the folder's sync state is written, once the writers stored what it
 * covers: where the server is, or below the lowest message left out.
 */
final class FolderDownload {

    /** UIDs asked about in one go. */
    static final int BATCH = 100;

    private final SyncParts parts;
    private final FolderStandings standings;
    private final Worker worker;
    private final boolean headersOnly;
    private final BatchFetch batches;
    private final SingleFetch single;

    /** @param batchBytes what one batch command may bring at most */
    FolderDownload(SyncParts parts, FolderStandings standings, Worker worker, long batchBytes) {
        this.parts = parts;
        this.standings = standings;
        this.worker = worker;
        this.headersOnly = parts.has(SyncFlag.HEADERS_ONLY) || parts.settings().headersOnly();
        this.batches = new BatchFetch(parts, worker, headersOnly, batchBytes);
        this.single = new SingleFetch(parts, headersOnly);
    }

    /**
     * Downloads the plan's new messages; the folder stays open.
     *
     * @return the sync state the folder reached, if it is where the server is (nothing skipped or left)
     */
    Optional<FolderSyncState> download(FolderPlan plan) throws MessagingException, IOException, StoreException {
        FolderSyncState server = plan.server();
        if (plan.newUids().isEmpty()) {
            // Nothing to fetch, only to remember where the server is, once the flag changes are stored.
            // The state as this sync found it: a plan that changed it (a new UIDVALIDITY) never ends quiet.
            if (!standings.startState(plan.path()).equals(Optional.of(server))) {
                parts.writers().afterAll(() -> parts.replica().setSyncState(plan.path(), server));
            }
            return FolderStandings.resumableState(server);
        }
        IMAPFolder folder = plan.folder();
        ImapConnection.withMailClassLoader(() -> {
            // Left open by its plan, unless an earlier attempt broke off in between.
            if (!folder.isOpen()) {
                folder.open(Folder.READ_ONLY);
            }
            return null;
        });
        boolean batched = !parts.troubles().oneByOne(plan.path());
        DownloadTally tally = new DownloadTally(plan, parts.progress());
        List<Long> uids = plan.newUids();
        for (int from = 0; from < uids.size() && !parts.cancelled(); from += BATCH) {
            long[] batch = uids.subList(from, Math.min(uids.size(), from + BATCH)).stream().mapToLong(Long::longValue)
                    .toArray();
            Message[] messages = envelopes(plan.path(), folder, batch, batched);
            Set<Long> handedOver = batched ? batches.fetch(plan.path(), folder, messages, batch, tally) : Set.of();
            oneByOne(plan.path(), folder, messages, batch, handedOver, tally);
        }
        if (parts.cancelled()) {
            return Optional.empty();
        }
        tally.warnServedShort();
        // A skipped message stays below UIDNEXT, so that the next sync (even through QRESYNC) tries it again.
        FolderSyncState reached = new FolderSyncState(plan.validity(), tally.reachedUidNext(), plan.highestModSeq());
        // Written once the folder's messages are stored; the next folder is compared meanwhile.
        parts.writers().afterAll(() -> parts.replica().setSyncState(plan.path(), reached));
        return reached.equals(server) ? FolderStandings.resumableState(reached) : Optional.empty();
    }

    /** @return the batch's messages with UID and FLAGS (and SIZE, if batched) fetched; null for UIDs gone */
    private Message[] envelopes(FolderPath path, IMAPFolder folder, long[] batch, boolean batched)
            throws MessagingException, IOException, StoreException {
        return ImapConnection.withMailClassLoader(() -> {
            Message[] found = folder.getMessagesByUID(batch);
            FetchProfile profile = new FetchProfile();
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add(FetchProfile.Item.FLAGS);
            if (batched) {
                // One by one there is no SIZE: a message the server cannot read must fail on its own.
                profile.add(FetchProfile.Item.SIZE);
                worker.batching(path);
            }
            folder.fetch(Arrays.stream(found).filter(m -> m != null).toArray(Message[]::new), profile);
            return found;
        });
    }

    /** Stores, one at a time, the batch's messages the batch fetch did not hand over, skipping those that keep failing. */
    private void oneByOne(FolderPath path, IMAPFolder folder, Message[] messages, long[] batch, Set<Long> handedOver,
            DownloadTally tally) throws MessagingException, IOException, StoreException {
        for (int i = 0; i < messages.length && !parts.cancelled(); i++) {
            long uid = batch[i];
            if (handedOver.contains(uid)) {
                continue;
            }
            tally.counted();
            if (messages[i] == null) {
                continue;
            }
            Optional<String> skip = parts.troubles().skipReason(path, uid);
            if (skip.isPresent()) {
                tally.missing(uid);
                parts.progress().skipped(Status.PROTOCOL, path + ": message UID " + uid + " is skipped: " + skip.get());
                continue;
            }
            try {
                SingleFetch.Stored stored = single.store(path, folder, messages[i], uid, tally.earlierShort(uid));
                if (stored == SingleFetch.Stored.NOT) {
                    tally.missing(uid);
                } else if (stored == SingleFetch.Stored.AS_SERVED_TWICE) {
                    tally.servedShortAlike();
                }
            } catch (MessagingException | IOException e) {
                parts.troubles().dropped(path, uid);
                throw e;
            }
        }
    }
}
