package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.store.StoreException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * Fetches one message (or its header) and streams it into the replica, if the server delivers
 * all of it: a message too big for a batch, in a folder that goes one by one, or one a batch
 * brought short. One delivered short of its size is fetched once more; one the server cannot
 * serve is reported and skipped, unless the connection broke (then the attempt fails).
 */
final class SingleFetch {

    /** How {@link #store} ended. */
    enum Stored {
        /** The message is in the replica. */
        YES,
        /** In the replica as the server served it twice, shorter than its RFC822.SIZE (see {@link Delivered}). */
        AS_SERVED_TWICE,
        /** Reported and skipped: tried again at the next sync. */
        NOT
    }

    private final SyncParts parts;
    private final boolean headersOnly;

    SingleFetch(SyncParts parts, boolean headersOnly) {
        this.parts = parts;
        this.headersOnly = headersOnly;
    }

    /** @param earlier the digest of an earlier delivery short of the message's size, if there was one */
    Stored store(FolderPath path, IMAPFolder folder, Message message, long uid, Optional<Long> earlier)
            throws MessagingException, IOException, StoreException {
        try {
            try {
                return storeOnce(path, folder, message, uid, earlier);
            } catch (Delivered.Incomplete e) {
                if (earlier.isPresent() || e.shortDigest().isEmpty()) {
                    throw e;
                }
                return storeOnce(path, folder, message, uid, e.shortDigest());
            }
        } catch (Delivered.Incomplete e) {
            parts.progress().skipped(Status.PROTOCOL, path + ": message UID " + uid + " is not stored: "
                    + e.getMessage() + "; it is fetched again at the next sync");
            return Stored.NOT;
        } catch (MessagingException | IOException e) {
            parts.refusals().messageFailed(path, uid);
            if (MailFailures.isNetwork(e) || parts.cancelled()) {
                throw e;
            }
            parts.progress().skipped(Status.PROTOCOL, path + ": message UID " + uid + " is skipped: "
                    + MailFailures.text(e));
            return Stored.NOT;
        }
    }

    /** One delivery of the message into the replica; @throws Delivered.Incomplete if it was not all of it */
    private Stored storeOnce(FolderPath path, IMAPFolder folder, Message message, long uid, Optional<Long> earlier)
            throws MessagingException, IOException, StoreException {
        return ImapConnection.withMailClassLoader(() -> {
            Set<MessageFlag> flags = ServerFlags.of(message.getFlags());
            InputStream served = headersOnly ? header(folder, uid) : ((IMAPMessage) message).getMimeStream();
            Delivered delivered = new Delivered(served, headersOnly ? -1 : message.getSize(), earlier);
            try (ServerStream content = new ServerStream(delivered)) {
                try {
                    parts.replica().applyRemoteAppend(path, Long.toString(uid), content, flags, !headersOnly);
                } catch (StoreException e) {
                    // The server's stream broke or fell short, not the replica: the server's failure is the one.
                    if (content.failure() != null) {
                        throw content.failure();
                    }
                    throw e;
                }
            }
            return delivered.servedShortAlike() ? Stored.AS_SERVED_TWICE : Stored.YES;
        });
    }

    /** @return the message's header, byte for byte as the server holds it; empty if the server delivered none */
    private static InputStream header(IMAPFolder folder, long uid) throws MessagingException, StoreException {
        ByteArray[] header = new ByteArray[1];
        BodyBatch.fetchHeaders(folder, List.of(uid), (found, content) -> header[0] = content);
        return header[0] == null ? InputStream.nullInputStream() : header[0].toByteArrayInputStream();
    }
}
