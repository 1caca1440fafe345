package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import org.osgi.service.component.annotations.Component;

/** Calls done(SUCCESS), then done(NETWORK), then reports progress: only the first done may count. */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class DoubleDoneStore extends TestStore {

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        TestHandle handle = new TestHandle();
        request.session().executor().execute(() -> {
            request.callback().done(Status.SUCCESS);
            request.callback().done(Status.NETWORK);
            request.callback().error(Status.PROTOCOL, "an error after done");
            request.callback().progress("after done", 1, 1);
            handle.finish(request.callback(), Status.SUCCESS);
        });
        return handle;
    }
}
