package dev.mapisync.it.providers;

import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import org.osgi.service.component.annotations.Component;

/** Never calls done and never completes its handle. */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class SilentStore extends TestStore {

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        request.callback().progress("Inbox: waiting forever", 0, 1);
        return new TestHandle();
    }
}
