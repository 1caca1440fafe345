package dev.mapisync.store.imap;

import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.mail.support.MailContext;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.angus.mail.iap.ResponseHandler;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.eclipse.angus.mail.imap.protocol.Status;

/**
 * A connection to an account's IMAP server through Angus Mail. Mail code runs with this
 * bundle's class loader as the thread's context class loader: Jakarta Mail finds its
 * providers through ServiceLoader on that loader, and in OSGi the calling thread may carry
 * any other.
 *
 * <p>A connection may keep the last folder it synchronized selected (read-only) until the next
 * sync, as mail clients do: a NOOP then tells whether anything changed in it, where selecting
 * it again costs the server a look at the whole folder (Dovecot reads the folder's UID list,
 * 10 to 30 ms for 4,000 messages). While a folder is selected, Angus would open a second
 * connection for any command of the store's own; so this class answers the store-level
 * questions a sync asks (capabilities, separator, LIST) itself, through the selected folder's
 * connection when there is one. Used by one thread at a time.
 */
final class ImapConnection implements AutoCloseable {

    /** The capabilities a sync asks about, learnt at login (asking later would need the store's own connection). */
    static final List<String> ASKED = List.of("CONDSTORE", "QRESYNC", "LIST-STATUS");

    /** A folder left selected: its server name, the open folder and the sync state it was left at. */
    private record OpenFolder(String name, IMAPFolder folder, FolderSyncState state) {
    }

    private final IMAPStore store;
    private final Set<String> capabilities;
    /** The TCP socket under the connection, if the login saw it made: closed, it ends any read at once. */
    private final java.net.Socket socket;
    /** Its place in the host's connection budget, given back when it closes. */
    private final ConnectionPermits.Permit permit;
    private Character separator;
    private OpenFolder selected;
    /** Whether a NOOP polled the selected folder since it was left selected. */
    private boolean checked;
    /** Whether the server said anything of the selected folder since it was left selected. */
    private boolean news;
    /** The folder this connection last asked the standing of (its server session has it at hand). */
    private String askedAbout;

    /** A connection {@link ImapLogin#open} logged in, with the capabilities it learnt and its socket (or null). */
    ImapConnection(IMAPStore store, Set<String> capabilities, java.net.Socket socket, ConnectionPermits.Permit permit) {
        this.store = store;
        this.capabilities = capabilities;
        this.socket = socket;
        this.permit = permit;
    }

    ConnectionPermits.Permit permit() {
        return permit;
    }

    /** Work with mail code (and the replica) that may fail. */
    @FunctionalInterface
    interface MailWork<T> {
        T run() throws MessagingException, IOException, StoreException;
    }

    static <T> T withMailClassLoader(MailWork<T> work) throws MessagingException, IOException, StoreException {
        try (MailContext context = MailContext.enter()) {
            return work.run();
        }
    }

    /** @param capability one of those a sync asks about (CONDSTORE, QRESYNC, LIST-STATUS) */
    boolean has(String capability) {
        if (!ASKED.contains(capability)) {
            throw new IllegalArgumentException("capability " + capability + " is not learnt at login");
        }
        return capabilities.contains(capability);
    }

    /** Runs a command on this connection: the selected folder's if one is, else the store's. */
    Object command(IMAPFolder.ProtocolCommand command) throws MessagingException {
        if (selected == null) {
            return ((IMAPFolder) store.getDefaultFolder()).doCommand(command);
        }
        return selected.folder().doCommand(protocol -> {
            // An untagged answer the command does not take for itself (EXISTS, EXPUNGE, VANISHED, FETCH, ...) is news
            // of the selected folder, whatever the command: then the folder is compared again, never taken as quiet.
            ResponseHandler watch = response -> {
                if (response.isUnTagged()) {
                    news = true;
                }
            };
            protocol.addResponseHandler(watch);
            try {
                return command.doCommand(protocol);
            } finally {
                protocol.removeResponseHandler(watch);
            }
        });
    }

    /** @return the server's hierarchy separator, asked once per connection */
    char separator() throws MessagingException {
        if (separator == null) {
            ListInfo[] root = (ListInfo[]) command(protocol -> protocol.list("", ""));
            separator = root == null || root.length == 0 ? '/' : root[0].separator;
        }
        return separator;
    }

    /** @return every folder the server lists (a plain LIST) */
    ListInfo[] listAll() throws MessagingException {
        ListInfo[] all = (ListInfo[]) command(protocol -> protocol.list("", "*"));
        return all == null ? new ListInfo[0] : all;
    }

    /**
     * Whether the connection still works: a NOOP, which for a selected folder also tells
     * whether the server has news of it (any untagged answer: new, expunged or changed
     * messages).
     */
    boolean check() {
        try {
            if (selected == null) {
                return withMailClassLoader(store::isConnected);
            }
            withMailClassLoader(() -> command(protocol -> {
                protocol.noop();
                return null;
            }));
            checked = true;
            return true;
        } catch (MessagingException | IOException | StoreException | RuntimeException e) {
            return false;
        }
    }

    /** @return the server name of the folder left selected, if one is */
    Optional<String> selectedName() {
        return Optional.ofNullable(selected).map(OpenFolder::name);
    }

    /**
     * @return whether a folder is left selected, a NOOP polled it since ({@link #check()}), and
     *         nothing the server said on this connection since brought news of it
     */
    boolean heardNothing() {
        return selected != null && checked && !news && selected.folder().isOpen();
    }

    /**
     * Asks the server where a folder stands (STATUS UIDVALIDITY UIDNEXT HIGHESTMODSEQ); never
     * for the folder selected here, which the server may answer from the folder as it was when
     * selected (see {@link KeptFolderCheck}).
     *
     * @return the folder's standing, empty if the server gave no full one
     */
    Optional<FolderSyncState> standingOf(String name) throws MessagingException {
        Status status = status(name, "UIDVALIDITY", "UIDNEXT", "HIGHESTMODSEQ");
        return status == null || status.uidvalidity <= 0 || status.uidnext <= 0 || status.highestmodseq <= 0
                ? Optional.empty()
                : Optional.of(new FolderSyncState(status.uidvalidity, status.uidnext, status.highestmodseq));
    }

    /**
     * @return where a folder not selected here stands: its UIDVALIDITY and UIDNEXT (HIGHESTMODSEQ
     *         0); empty if the server did not say both
     */
    Optional<FolderSyncState> nextUidOf(String name) throws MessagingException {
        Status status = status(name, "UIDVALIDITY", "UIDNEXT");
        return status == null || status.uidvalidity <= 0 || status.uidnext <= 0 ? Optional.empty()
                : Optional.of(new FolderSyncState(status.uidvalidity, status.uidnext, 0));
    }

    private Status status(String name, String... items) throws MessagingException {
        if (selectedName().equals(Optional.of(name))) {
            throw new IllegalArgumentException("folder " + name + " is selected on this connection: ask another");
        }
        Status status = (Status) command(protocol -> protocol.status(name, items));
        askedAbout = name;
        return status;
    }

    /** @return whether the last folder this connection asked the standing of is {@code name} */
    boolean askedLastAbout(String name) {
        return name.equals(askedAbout);
    }

    /**
     * Hands over the selected folder if it is {@code name}, left at {@code state}, quiet
     * ({@link #heardNothing()}), and another connection saw it where it was left
     * ({@code seenElsewhere}). Any other selected folder is closed (the caller opens the folder
     * anew).
     *
     * @param state the folder's sync state in the replica now
     * @param seenElsewhere the folder's standing as a connection that does not hold it sees it
     * @return the open folder, which the caller gives back ({@link #leaveSelected}) or closes
     */
    Optional<IMAPFolder> takeQuiet(String name, Optional<FolderSyncState> state, Optional<FolderSyncState> seenElsewhere) {
        OpenFolder open = selected;
        if (open == null) {
            return Optional.empty();
        }
        boolean quiet = open.name().equals(name) && heardNothing() && state.equals(Optional.of(open.state()))
                && seenElsewhere.equals(Optional.of(open.state()));
        selected = null;
        if (quiet) {
            return Optional.of(open.folder());
        }
        closeQuietly(open.folder());
        return Optional.empty();
    }

    /**
     * Leaves {@code folder}, open read-only, selected until the next sync, or closes it: kept
     * only where the server reports every change of a selected folder with a modification
     * sequence (QRESYNC), and only at a state the replica holds in full.
     */
    void leaveSelected(String name, IMAPFolder folder, Optional<FolderSyncState> state) throws MessagingException {
        closeSelected();
        checked = false;
        news = false;
        if (state.isPresent() && has("QRESYNC") && folder.isOpen()) {
            selected = new OpenFolder(name, folder, state.get());
        } else if (folder.isOpen()) {
            folder.close(false);
        }
    }

    /** Closes the selected folder, if any: the store's own commands follow (uploads). */
    void closeSelected() {
        if (selected != null) {
            closeQuietly(selected.folder());
            selected = null;
        }
    }

    private static void closeQuietly(IMAPFolder folder) {
        try {
            withMailClassLoader(() -> {
                if (folder.isOpen()) {
                    folder.close(false);
                }
                return null;
            });
        } catch (MessagingException | IOException | StoreException | RuntimeException ignored) {
            // A folder whose connection is gone is closed anyway.
        }
    }

    IMAPStore store() {
        return store;
    }

    /**
     * Breaks the connection off at once, whatever the server does: its socket is closed first,
     * so a read the server leaves hanging ends now (closing the store alone waits for the
     * thread that reads, which holds the connection, until the read timeout); then the store.
     */
    void abort() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closed already.
            }
        }
        close();
    }

    /** Closes the connection: LOGOUT, then the socket. */
    @Override
    public void close() {
        try {
            withMailClassLoader(() -> {
                store.close();
                return null;
            });
        } catch (MessagingException | IOException | StoreException | RuntimeException ignored) {
            // Closing is best effort: the connection may be gone already.
        } finally {
            permit.close();
        }
    }
}
