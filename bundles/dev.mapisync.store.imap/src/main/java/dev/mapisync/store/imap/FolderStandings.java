package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.FolderSyncState;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.StoreException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each folder stood when an attempt began: the server's standing, if its listing said
 * (LIST-STATUS), and the replica's sync state as the attempt first read it (the writers move
 * the replica's on meanwhile). Made fresh for each attempt.
 */
final class FolderStandings {

    private final Replica replica;
    private final Map<FolderPath, FolderListing.Entry> listing = new ConcurrentHashMap<>();
    private final Map<FolderPath, Optional<FolderSyncState>> startStates = new ConcurrentHashMap<>();

    FolderStandings(Replica replica) {
        this.replica = replica;
    }

    /** The server listed the folder, with its standing if it said. */
    void listed(FolderPath path, FolderListing.Entry entry) {
        listing.put(path, entry);
    }

    /** @return the folder's sync state as this attempt found it */
    Optional<FolderSyncState> startState(FolderPath path) throws StoreException {
        Optional<FolderSyncState> state = startStates.get(path);
        if (state == null) {
            state = replica.syncState(path);
            startStates.put(path, state);
        }
        return state;
    }

    /** @return the start state, if a resync can start from it (see {@link #resumableState}) */
    Optional<FolderSyncState> resumable(FolderPath path) throws StoreException {
        return startState(path).flatMap(FolderStandings::resumableState);
    }

    /** @return whether the listing says the folder is where the last sync left it (it is not even selected) */
    boolean listedUnchanged(FolderPath path) throws StoreException {
        Optional<FolderSyncState> resumable = resumable(path);
        return resumable.isPresent() && listing.containsKey(path) && resumable.equals(listing.get(path).standing());
    }

    /** @return how many messages the folder may bring, as far as the server's listing tells (0 if it told nothing) */
    long estimate(FolderPath path) throws StoreException {
        FolderListing.Entry listed = listing.get(path);
        if (listed == null || listed.standing().isEmpty()) {
            return 0;
        }
        FolderSyncState now = listed.standing().get();
        Optional<FolderSyncState> last = startState(path).filter(s -> s.validity() == now.validity());
        return last.isPresent() ? Math.max(0, now.uidNext() - last.get().uidNext()) : listed.messages();
    }

    /** @return the standing the listing reported for each folder, by server name */
    Map<String, FolderSyncState> byServerName() {
        Map<String, FolderSyncState> standings = new HashMap<>();
        listing.forEach((path, entry) -> entry.standing().ifPresent(s -> standings.put(entry.name(), s)));
        return standings;
    }

    /**
     * @return the state, if a resync can start from it: the server's numbering, where it stood
     *         and its modification sequence are all known
     */
    static Optional<FolderSyncState> resumableState(FolderSyncState state) {
        return Optional.of(state).filter(s -> s.validity() > 0 && s.highestModSeq() > 0 && s.uidNext() > 0);
    }
}
