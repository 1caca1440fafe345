package dev.mapisync.store.imap;

import dev.mapisync.api.store.StoreException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

/**
 * Fetches the whole content, or the header, of many messages in one command ({@code UID FETCH
 * <set> (UID BODY.PEEK[])}, {@code BODY.PEEK[HEADER]}) instead of one round trip each: most
 * mail is small, and a round trip costs more than its bytes. Huge messages are left to stream
 * one by one. The bytes are the server's, unparsed, so the replica stores exactly what the
 * server serves. A message the answer holds no content for (no {@code BODY} item, or
 * {@code NIL}) is not delivered: the caller deals with it one by one.
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
        void accept(long uid, ByteArray content) throws StoreException;
    }

    private BodyBatch() {
    }

    /**
     * Fetches whole messages. Runs with the mail class loader as context, as every Jakarta Mail
     * call here.
     *
     * @param messages the batch's messages, with their UID and size fetched (null for UIDs gone)
     * @param uids their UIDs
     * @param maxBytes what one command may bring at most (one message more, if alone)
     * @param shared the host's budget for message bytes in memory, which each command's bytes
     *        are taken from while it is on the wire (given back before its messages go on)
     * @param arrival gets each message not over {@link #SMALL}, after the command that brought it
     */
    static void fetch(IMAPFolder folder, Message[] messages, long[] uids, long maxBytes, MessageBytes shared,
            Arrival arrival) throws MessagingException, StoreException {
        List<Long> chunk = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < messages.length; i++) {
            int size = messages[i] == null ? -1 : messages[i].getSize();
            if (size < 0 || size > SMALL) {
                continue;
            }
            if (bytes + size > maxBytes && !chunk.isEmpty()) {
                deliver(within(shared, bytes, () -> command(folder, chunk, "")), arrival);
                chunk.clear();
                bytes = 0;
            }
            chunk.add(uids[i]);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            deliver(within(shared, bytes, () -> command(folder, chunk, "")), arrival);
        }
    }

    /** A command's answers. */
    @FunctionalInterface
    private interface Command {
        Map<Long, ByteArray> run() throws MessagingException;
    }

    /** @return the command's answers, run while its bytes are taken from the shared budget */
    private static Map<Long, ByteArray> within(MessageBytes shared, long bytes, Command command) throws MessagingException {
        try {
            shared.take(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FolderClosedException(null, "cancelled while waiting for the host's message memory");
        }
        try {
            return command.run();
        } finally {
            shared.giveBack(bytes);
        }
    }

    /** Fetches the header of each message, byte for byte as the server holds it, in one command. */
    static void fetchHeaders(IMAPFolder folder, List<Long> uids, Arrival arrival) throws MessagingException, StoreException {
        if (!uids.isEmpty()) {
            deliver(command(folder, uids, "HEADER"), arrival);
        }
    }

    private static void deliver(Map<Long, ByteArray> bodies, Arrival arrival) throws StoreException {
        for (Map.Entry<Long, ByteArray> body : bodies.entrySet()) {
            arrival.accept(body.getKey(), body.getValue());
        }
    }

    private static Map<Long, ByteArray> command(IMAPFolder folder, List<Long> uids, String section)
            throws MessagingException {
        String set = UIDSet.toString(UIDSet.createUIDSets(uids.stream().mapToLong(Long::longValue).toArray()));
        @SuppressWarnings("unchecked")
        Map<Long, ByteArray> bodies = (Map<Long, ByteArray>) folder.doCommand(protocol -> {
            Response[] responses = protocol.command("UID FETCH " + set + " (UID BODY.PEEK[" + section + "])", null);
            Map<Long, ByteArray> found = new HashMap<>();
            List<Response> others = new ArrayList<>();
            for (int i = 0; i < responses.length - 1; i++) {
                ByteArray content = content(responses[i], section);
                if (content != null) {
                    UID uid = ((FetchResponse) responses[i]).getItem(UID.class);
                    found.put(uid.uid, content);
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

    /** @return the section's content if the response is a FETCH that carries it with its UID, else null */
    private static ByteArray content(Response response, String section) {
        if (!(response instanceof FetchResponse fetch) || fetch.getItem(UID.class) == null) {
            return null;
        }
        for (int i = 0; i < fetch.getItemCount(); i++) {
            if (fetch.getItem(i) instanceof BODY body && section.equalsIgnoreCase(Objects.toString(body.getSection(), ""))
                    && body.getOrigin() <= 0 && body.getByteArray() != null) {
                return body.getByteArray();
            }
        }
        return null;
    }
}
