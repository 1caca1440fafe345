package dev.mapisync.store.imap;

import dev.mapisync.api.store.StoreException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

/**
 * Fetches the whole content of many messages in one command ({@code UID FETCH <set>
 * (UID BODY.PEEK[])}) instead of one round trip each: most mail is small, and a round trip
 * costs more than its bytes. Huge messages are left to stream one by one. The bytes are the
 * server's, unparsed, so the replica stores exactly what the server serves.
 */
final class BodyBatch {

    /** Messages up to this size are fetched in a batch; bigger ones stream. */
    static final int SMALL = 4 * 1024 * 1024;
    /**
     * What the commands of all connections at once may bring at most (one message more each, if
     * alone), so memory stays bounded; kept small for the collector's sake like the writers'
     * budget ({@link ImapSyncRun#WRITER_BUDGET}).
     */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    /** Receives each fetched message as its command completes. */
    @FunctionalInterface
    interface Arrival {
        void accept(long uid, ByteArrayInputStream content) throws StoreException;
    }

    private BodyBatch() {
    }

    /**
     * Runs with the mail class loader as context, as every Jakarta Mail call here.
     *
     * @param messages the batch's messages, with their UID and size fetched (null for UIDs gone)
     * @param uids their UIDs
     * @param maxBytes what one command may bring at most (one message more, if alone)
     * @param arrival gets each message not over {@link #SMALL}, after the command that brought it
     */
    static void fetch(IMAPFolder folder, Message[] messages, long[] uids, long maxBytes, Arrival arrival)
            throws MessagingException, StoreException {
        List<Long> chunk = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < messages.length; i++) {
            int size = messages[i] == null ? -1 : messages[i].getSize();
            if (size < 0 || size > SMALL) {
                continue;
            }
            if (bytes + size > maxBytes && !chunk.isEmpty()) {
                deliver(command(folder, chunk), arrival);
                chunk.clear();
                bytes = 0;
            }
            chunk.add(uids[i]);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            deliver(command(folder, chunk), arrival);
        }
    }

    private static void deliver(Map<Long, ByteArrayInputStream> bodies, Arrival arrival) throws StoreException {
        for (Map.Entry<Long, ByteArrayInputStream> body : bodies.entrySet()) {
            arrival.accept(body.getKey(), body.getValue());
        }
    }

    private static Map<Long, ByteArrayInputStream> command(IMAPFolder folder, List<Long> uids) throws MessagingException {
        String set = UIDSet.toString(UIDSet.createUIDSets(uids.stream().mapToLong(Long::longValue).toArray()));
        @SuppressWarnings("unchecked")
        Map<Long, ByteArrayInputStream> bodies = (Map<Long, ByteArrayInputStream>) folder.doCommand(protocol -> {
            Response[] responses = protocol.command("UID FETCH " + set + " (UID BODY.PEEK[])", null);
            Map<Long, ByteArrayInputStream> found = new HashMap<>();
            List<Response> others = new ArrayList<>();
            for (int i = 0; i < responses.length - 1; i++) {
                if (responses[i] instanceof FetchResponse fetch && fetch.getItem(UID.class) != null
                        && fetch.getItem(BODY.class) != null) {
                    found.put(fetch.getItem(UID.class).uid, fetch.getItem(BODY.class).getByteArrayInputStream());
                } else {
                    // EXISTS, EXPUNGE and the like: the folder keeps its own view up to date.
                    others.add(responses[i]);
                }
            }
            protocol.notifyResponseHandlers(others.toArray(Response[]::new));
            protocol.handleResult(responses[responses.length - 1]);
            return found;
        });
        return bodies;
    }
}
