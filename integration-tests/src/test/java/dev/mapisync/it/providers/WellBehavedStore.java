package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncProgressCallback;
import dev.mapisync.api.sync.SyncRequest;
import org.osgi.service.component.annotations.Component;

/** Reports three steps of progress on the host's executor, then done(SUCCESS). */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class WellBehavedStore extends TestStore {

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        TestHandle handle = new TestHandle();
        SyncProgressCallback callback = request.callback();
        request.session().executor().execute(() -> {
            for (int i = 0; i <= 3; i++) {
                callback.progress("Inbox: " + i + " of 3", i, 3);
            }
            handle.finish(callback, Status.SUCCESS);
        });
        return handle;
    }
}
