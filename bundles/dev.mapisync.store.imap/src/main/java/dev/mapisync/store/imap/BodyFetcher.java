package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;

/**
 * Fetches, on demand, the body of a message a headers-only sync left incomplete: the whole
 * message replaces the headers in the replica (the server keeps it meanwhile, so nothing is
 * lost if this breaks off: the next sync brings it back).
 */
final class BodyFetcher {

    private final ImapSettings settings;
    private final Session session;
    private final ImapBudget budget;
    private final Replica replica;

    BodyFetcher(ImapSettings settings, Session session, ImapBudget budget, Replica replica) {
        this.settings = settings;
        this.session = session;
        this.budget = budget;
        this.replica = replica;
    }

    /** @return a place in the host's connection budget, waited for at most the account's timeout */
    private ConnectionPermits.Permit permit(MessageId id) throws StoreException {
        long deadline = System.nanoTime() + settings.timeoutMillis() * 1_000_000L;
        try {
            return budget.connections().first(settings.account(), () -> System.nanoTime() > deadline)
                    .orElseThrow(() -> new StoreException(Status.NETWORK, "the body of message " + id
                            + " cannot be fetched now: the host's IMAP connections are all in use; try again"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(Status.CANCELLED, "the body of message " + id + " was not fetched: interrupted");
        }
    }

    /**
     * Stores the whole message, which replaces the headers-only copy once it is in place.
     *
     * @throws Delivered.Incomplete if the server did not deliver all of it (the headers stay)
     */
    private MessageId store(FolderPath folder, String uid, IMAPMessage message, MessageInfo info, Optional<Long> earlier)
            throws MessagingException, IOException, StoreException {
        try (ServerStream body = new ServerStream(new Delivered(message.getMimeStream(), message.getSize(), earlier))) {
            try {
                return replica.applyRemoteAppend(folder, uid, body, info.flags(), true);
            } catch (StoreException e) {
                if (body.failure() != null) {
                    throw body.failure();
                }
                throw e;
            }
        }
    }

    /**
     * Long, as the fetch and the way each of its failures maps to a status read best in one place.
     *
     * @return the whole message, now held complete in the replica
     */
    InputStream open(FolderPath folder, MessageId id, MessageInfo info) throws StoreException {
        String uid = replica.remoteIds(folder).entrySet().stream().filter(e -> e.getValue().equals(id))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new StoreException(Status.NOT_FOUND, "message " + id + " in \"" + folder
                        + "\" has only its headers and no server id to fetch the rest with"));
        ConnectionPermits.Permit permit = permit(id);
        try (ImapConnection connection = ImapLogin.open(session, settings, permit)) {
            MessageId complete = ImapConnection.withMailClassLoader(() -> {
                char separator = connection.store().getDefaultFolder().getSeparator();
                IMAPFolder server = (IMAPFolder) connection.store().getFolder(FolderMapping.serverName(folder, separator));
                server.open(Folder.READ_ONLY);
                try {
                    IMAPMessage message = (IMAPMessage) server.getMessageByUID(Long.parseLong(uid));
                    if (message == null) {
                        throw new StoreException(Status.NOT_FOUND, "message " + id + " in \"" + folder
                                + "\" is no longer on the server");
                    }
                    try {
                        return store(folder, uid, message, info, Optional.empty());
                    } catch (Delivered.Incomplete e) {
                        if (e.shortDigest().isEmpty()) {
                            throw e;
                        }
                        // Perhaps a server whose sizes are too large (see Delivered): once more.
                        return store(folder, uid, message, info, e.shortDigest());
                    }
                } finally {
                    server.close(false);
                }
            });
            return replica.openMessage(folder, complete);
        } catch (Delivered.Incomplete e) {
            throw new StoreException(Status.PROTOCOL, "the body of message " + id + " in \"" + folder
                    + "\" cannot be fetched: " + e.getMessage() + "; the headers stay", e);
        } catch (AuthenticationFailedException e) {
            throw new StoreException(Status.LOGON, "the body of message " + id + " cannot be fetched: " + settings.host()
                    + " refused the credentials of " + settings.user(), e);
        } catch (MessagingException | IOException e) {
            Optional<OverBudget> refused = ImapLogin.budget(session).take();
            if (refused.isPresent()) {
                throw new StoreException(Status.PROTOCOL, "the body of message " + id + " cannot be fetched: "
                        + refused.get().getMessage() + "; the headers stay", e);
            }
            throw new StoreException(Status.NETWORK, "the body of message " + id + " cannot be fetched from "
                    + settings.host() + ": " + e.getMessage(), e);
        }
    }
}
