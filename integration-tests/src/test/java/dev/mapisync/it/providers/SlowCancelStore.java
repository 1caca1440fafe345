package dev.mapisync.it.providers;

import dev.mapisync.api.Identity;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;

/** A store whose syncs run until cancelled, and whose cancel is slow to return ({@link SlowCancelHandle}). */
public class SlowCancelStore extends TestStore {

    private final String id;

    public SlowCancelStore(String id) {
        this.id = id;
    }

    @Override
    public Identity identity() {
        return new Identity(id, id + " (test)");
    }

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        request.callback().progress("waiting for a cancel", 0, 1);
        return new SlowCancelHandle(request.callback());
    }
}
