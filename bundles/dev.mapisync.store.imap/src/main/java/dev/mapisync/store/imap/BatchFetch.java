package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.store.StoreException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * Fetches a batch's messages that are not huge (or, headers only, their headers), several per
 * command, and hands each to the writers as it arrives; the writers' byte budget holds the
 * fetching back when the disk lags, so memory stays bounded while network and disk work at
 * once. A message delivered empty or short of its size is left to go one by one.
 */
final class BatchFetch {

    private final SyncParts parts;
    private final Worker worker;
    private final boolean headersOnly;
    /** What one command may bring: the connections at work share {@link BodyBatch#MAX_BYTES}. */
    private final long batchBytes;

    BatchFetch(SyncParts parts, Worker worker, boolean headersOnly, long batchBytes) {
        this.parts = parts;
        this.worker = worker;
        this.headersOnly = headersOnly;
        this.batchBytes = batchBytes;
    }

    /**
     * @param messages the batch's messages with UID, FLAGS and SIZE fetched (null for UIDs gone)
     * @return the UIDs handed to the writers (the others stream one by one)
     */
    Set<Long> fetch(FolderPath path, IMAPFolder folder, Message[] messages, long[] uids, DownloadTally tally)
            throws MessagingException, IOException, StoreException {
        Map<Long, Set<MessageFlag>> flags = new HashMap<>();
        Map<Long, Long> sizes = new HashMap<>();
        List<Long> present = new ArrayList<>();
        for (Message message : messages) {
            if (message != null) {
                long uid = folder.getUID(message);
                flags.put(uid, ServerFlags.of(message.getFlags()));
                sizes.put(uid, headersOnly ? -1L : message.getSize());
                present.add(uid);
            }
        }
        Set<Long> handedOver = new HashSet<>();
        BodyBatch.Arrival arrival = (uid, content) -> {
            if (whole(uid, content, sizes.getOrDefault(uid, -1L), tally)) {
                Set<MessageFlag> its = flags.getOrDefault(uid, Set.of());
                parts.writers().submit(content.getCount(), () -> parts.replica().applyRemoteAppend(path,
                        Long.toString(uid), content.toByteArrayInputStream(), its, !headersOnly));
                handedOver.add(uid);
                tally.counted();
            }
        };
        fetchAll(folder, messages, uids, present, arrival);
        worker.batching(null);
        return handedOver;
    }

    /** @param present the UIDs of the messages still there */
    private void fetchAll(IMAPFolder folder, Message[] messages, long[] uids, List<Long> present,
            BodyBatch.Arrival arrival) throws MessagingException, IOException, StoreException {
        try {
            ImapConnection.withMailClassLoader(() -> {
                if (headersOnly) {
                    BodyBatch.fetchHeaders(folder, present, arrival);
                } else {
                    BodyBatch.fetch(folder, messages, uids, batchBytes, parts.budget().messageBytes(), arrival);
                }
                return null;
            });
        } catch (MessagingException e) {
            // Whatever went wrong (a refusal, a message the server cannot serve, a cut, an answer over the budget),
            // the connection is suspect: start again, this folder one by one (batching stays set), where a message
            // over the budget is found and skipped.
            parts.refusals().take();
            throw new FolderClosedException(folder, "fetching a batch of messages failed: " + MailFailures.text(e));
        }
    }

    /**
     * @param announced the message's RFC822.SIZE, -1 if none (a header)
     * @return whether a batch brought all of the message; if not, it goes one by one, and the
     *         checksum of a delivery short of its size is kept to compare the next one with
     */
    private static boolean whole(long uid, ByteArray content, long announced, DownloadTally tally) {
        try {
            Delivered.check(content.getBytes(), content.getStart(), content.getCount(), announced, Optional.empty());
            return true;
        } catch (Delivered.Incomplete e) {
            e.shortDigest().ifPresent(digest -> tally.deliveredShort(uid, digest));
            return false;
        }
    }
}
