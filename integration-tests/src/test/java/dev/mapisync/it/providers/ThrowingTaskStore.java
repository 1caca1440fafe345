package dev.mapisync.it.providers;

import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import org.osgi.service.component.annotations.Component;

/** A provider bug on the background thread: its sync task throws before calling done. */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class ThrowingTaskStore extends TestStore {

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        TestHandle handle = new TestHandle();
        request.session().executor().execute(() -> {
            request.callback().progress("Inbox", 0, 10);
            throw new ArithmeticException("/ by zero in the provider's task");
        });
        return handle;
    }
}
