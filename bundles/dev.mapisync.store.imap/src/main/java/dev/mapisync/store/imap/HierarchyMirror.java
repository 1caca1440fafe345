package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.LocalChange;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.angus.mail.imap.protocol.ListInfo;

/**
 * The folder hierarchy: which server folders this sync covers (LIST, or LIST-STATUS with each
 * folder's standing; the account's include and exclude patterns; the request's scope), and the
 * replica's folders made to match them.
 */
final class HierarchyMirror {

    private final SyncParts parts;
    private final Attempt attempt;
    private final char separator;

    HierarchyMirror(SyncParts parts, Attempt attempt, char separator) {
        this.parts = parts;
        this.attempt = attempt;
        this.separator = separator;
    }

    /**
     * Lists the server's folders. When they outnumber the connections, their standing too
     * (LIST-STATUS), so that only those that changed are selected; when every folder can have a
     * connection of its own, each is selected at once instead: as quick, and a folder that
     * changed is looked at once, where asking its status first makes a server like Dovecot
     * rescan it twice (the last second's changes are rescanned on every access).
     *
     * @return the server's name of each folder this sync covers
     */
    Map<FolderPath, String> serverFolders() throws MessagingException, IOException, StoreException {
        ImapConnection main = attempt.main();
        Map<FolderPath, String> folders = new LinkedHashMap<>();
        if (!attempt.reused() && FolderListing.supported(main)) {
            // Logged in anew (as nearly every sync is on a host with many more accounts than kept connections): one
            // listing with each folder's standing, and unchanged folders are not even selected nor given a connection.
            for (FolderListing.Entry entry : ImapConnection.withMailClassLoader(() -> FolderListing.list(main))) {
                Optional<FolderPath> path = synced(entry.name());
                if (path.isPresent() && entry.selectable()) {
                    folders.put(path.get(), entry.name());
                    attempt.standings().listed(path.get(), entry);
                }
            }
            return folders;
        }
        for (ListInfo folder : ImapConnection.withMailClassLoader(main::listAll)) {
            // \Noselect: a name in the hierarchy only, holding no messages.
            Optional<FolderPath> path = synced(folder.name);
            if (path.isPresent() && folder.canOpen) {
                folders.put(path.get(), folder.name);
            }
        }
        // Else folders stay selected on the kept connections for the next sync, a NOOP each telling whether one changed,
        // unless there are more folders than connections.
        if (folders.size() > parts.settings().connections() && FolderListing.supported(main)) {
            listStandings(main, folders);
        }
        return folders;
    }

    private void listStandings(ImapConnection main, Map<FolderPath, String> folders)
            throws MessagingException, IOException, StoreException {
        Map<String, FolderPath> byName = new HashMap<>();
        folders.forEach((path, name) -> byName.put(name, path));
        Optional<String> own = main.selectedName();
        for (FolderListing.Entry entry : ImapConnection.withMailClassLoader(() -> FolderListing.list(main))) {
            FolderPath path = byName.get(entry.name());
            // The folder selected on this connection may be reported as it was when selected (KeptFolderCheck).
            if (path != null && entry.selectable() && !own.equals(Optional.of(entry.name()))) {
                attempt.standings().listed(path, entry);
            }
        }
    }

    /** @return the replica path of a server folder this sync covers; empty if excluded, out of scope or unmappable (reported) */
    private Optional<FolderPath> synced(String serverName) {
        FolderPath path;
        try {
            path = FolderMapping.path(serverName, separator);
        } catch (IllegalArgumentException e) {
            parts.progress().skipped(Status.PROTOCOL, "server folder \"" + serverName + "\" is skipped: "
                    + e.getMessage());
            return Optional.empty();
        }
        return covered(path) ? Optional.of(path) : Optional.empty();
    }

    private boolean covered(FolderPath path) {
        return parts.settings().includes(FolderMapping.display(path)) && parts.inScope(path);
    }

    /**
     * The replica gets each server folder, and loses each covered folder the server no longer
     * has, unless it is the Inbox or the user's journaled changes still name it.
     */
    void mirror(Set<FolderPath> server) throws StoreException {
        Replica replica = parts.replica();
        for (FolderPath path : server) {
            replica.applyRemoteCreateFolder(path);
        }
        Set<FolderPath> pendingLocal = new HashSet<>();
        for (LocalChange change : replica.pendingChanges()) {
            pendingLocal.add(change.folder());
            change.target().ifPresent(pendingLocal::add);
        }
        List<FolderPath> local = new ArrayList<>(replica.folderPaths());
        // Children before their parents.
        Collections.reverse(local);
        for (FolderPath path : local) {
            boolean onServer = server.stream().anyMatch(path::contains);
            if (!onServer && !path.equals(WellKnownFolder.INBOX.path()) && !pendingLocal.contains(path)
                    && covered(path)) {
                replica.applyRemoteDeleteFolder(path);
            }
        }
    }
}
