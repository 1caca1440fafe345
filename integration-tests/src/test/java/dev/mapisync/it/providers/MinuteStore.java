package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncProgressCallback;
import dev.mapisync.api.sync.SyncRequest;
import org.osgi.service.component.annotations.Component;

/** A sync of up to a minute in 600 steps, cancelled within a step: the one a user cancels. */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class MinuteStore extends TestStore {

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        TestHandle handle = new TestHandle();
        SyncProgressCallback callback = request.callback();
        request.session().executor().execute(() -> {
            Status end = Status.SUCCESS;
            try {
                for (int i = 0; i < 600; i++) {
                    if (handle.cancelled()) {
                        end = Status.CANCELLED;
                        break;
                    }
                    callback.progress("Inbox: " + i + " of 600", i, 600);
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end = Status.CANCELLED;
            }
            handle.finish(callback, end);
        });
        return handle;
    }
}
