package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import org.osgi.service.component.annotations.Component;

/** Asks to be synced every hour: within a test, only its sync on arrival runs. */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=3600")
public class HourlyStore extends TestStore {

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        TestHandle handle = new TestHandle();
        request.session().executor().execute(() -> {
            request.callback().progress("scheduled " + request.flags(), 1, 1);
            handle.finish(request.callback(), Status.SUCCESS);
        });
        return handle;
    }
}
