package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one sync learnt, over its attempts, about messages the server has trouble serving: the
 * folders whose bodies go one at a time (a batch fetch there broke the connection or was
 * refused), and the rule that skips a message that keeps failing (it is fetched again at the
 * next sync), so that one message the server cannot serve never stops the others.
 */
final class FetchTroubles {

    /** Fetches of one message that broke the connection, at which it is skipped. */
    static final int DROPS_TO_SKIP = 2;

    private final Refusals refusals;
    private final Set<FolderPath> oneByOne = ConcurrentHashMap.newKeySet();
    /** How often the connection broke while fetching a message, by "folder UID". */
    private final Map<String, Integer> drops = new ConcurrentHashMap<>();

    FetchTroubles(Refusals refusals) {
        this.refusals = refusals;
    }

    /** @return whether the folder's bodies are fetched one at a time */
    boolean oneByOne(FolderPath folder) {
        return oneByOne.contains(folder);
    }

    /** @return true if the folder goes one at a time from now on, false if it did already */
    boolean goOneByOne(FolderPath folder) {
        return oneByOne.add(folder);
    }

    /** Fetching the message broke the connection. */
    void dropped(FolderPath folder, long uid) {
        drops.merge(folder + " " + uid, 1, Integer::sum);
    }

    /** @return why the message is skipped in this sync (the end of the sentence that reports it), if it is */
    Optional<String> skipReason(FolderPath folder, long uid) {
        Optional<String> refused = refusals.skipped(folder, uid);
        if (refused.isPresent()) {
            return Optional.of(refused.get() + "; it is fetched again at the next sync");
        }
        if (drops.getOrDefault(folder + " " + uid, 0) >= DROPS_TO_SKIP) {
            return Optional.of("the server broke off the connection each time it was fetched");
        }
        return Optional.empty();
    }
}
