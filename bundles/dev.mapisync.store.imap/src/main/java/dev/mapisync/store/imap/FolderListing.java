package dev.mapisync.store.imap;

import dev.mapisync.api.store.FolderSyncState;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.Status;

/**
 * Every folder of the account and where each stands (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ) in
 * one round trip: LIST-STATUS (RFC 5819). A folder whose standing equals the replica's sync
 * state has not changed since the last sync and need not even be selected. Angus Mail has
 * no call for LIST ... RETURN (STATUS ...), so the command is sent through its protocol
 * object and the answers are read with its own parsers.
 */
final class FolderListing {

    /**
     * A server folder: its name as the server spells it, whether it holds messages, its
     * standing if reported, and how many messages it holds (0 if not reported).
     */
    record Entry(String name, boolean selectable, Optional<FolderSyncState> standing, long messages) {
    }

    private FolderListing() {
    }

    static boolean supported(ImapConnection connection) {
        return connection.has("LIST-STATUS");
    }

    /** Runs with the bundle as context class loader (see {@link ImapConnection#withMailClassLoader}). */
    static List<Entry> list(ImapConnection connection) throws MessagingException {
        // Without CONDSTORE there is no HIGHESTMODSEQ, and no standing tells that flags did not change.
        boolean condstore = connection.has("CONDSTORE");
        Object answer = connection.command(protocol -> {
            Response[] responses = protocol.command(
                    "LIST \"\" \"*\" RETURN (STATUS (MESSAGES UIDVALIDITY UIDNEXT" + (condstore ? " HIGHESTMODSEQ" : "") + "))", null);
            List<ListInfo> listed = new ArrayList<>();
            Map<String, Status> statuses = new HashMap<>();
            for (int i = 0; i < responses.length - 1; i++) {
                if (responses[i] instanceof IMAPResponse untagged) {
                    if (untagged.keyEquals("LIST")) {
                        listed.add(new ListInfo(untagged));
                        responses[i] = null;
                    } else if (untagged.keyEquals("STATUS")) {
                        Status status = new Status(untagged);
                        statuses.put(status.mbox, status);
                        responses[i] = null;
                    }
                }
            }
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(responses[responses.length - 1]);
            List<Entry> entries = new ArrayList<>();
            for (ListInfo info : listed) {
                Status status = statuses.get(info.name);
                Optional<FolderSyncState> standing = status == null || !condstore || status.uidvalidity <= 0
                        || status.uidnext <= 0 || status.highestmodseq <= 0 ? Optional.empty()
                        : Optional.of(new FolderSyncState(status.uidvalidity, status.uidnext, status.highestmodseq));
                // An extended LIST says \NonExistent where a plain one says \Noselect (RFC 5258); Angus knows the latter only.
                boolean selectable = info.canOpen && Arrays.stream(info.attrs).noneMatch("\\NonExistent"::equalsIgnoreCase);
                entries.add(new Entry(info.name, selectable, standing, status == null ? 0 : Math.max(0, status.total)));
            }
            return entries;
        });
        @SuppressWarnings("unchecked")
        List<Entry> entries = (List<Entry>) answer;
        return entries;
    }
}
