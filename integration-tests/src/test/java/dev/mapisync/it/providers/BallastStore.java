package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import org.osgi.service.component.annotations.Component;

/**
 * Holds a megabyte while active and syncs at once: installed and uninstalled hundreds of times
 * by the leak test, where anything keeping one of its instances (or its class loader) alive
 * shows in the heap.
 */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class BallastStore extends TestStore {

    private final byte[] ballast = new byte[1 << 20];

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        TestHandle handle = new TestHandle();
        request.session().executor().execute(() -> {
            request.callback().progress("holding " + ballast.length + " bytes", 1, 1);
            handle.finish(request.callback(), Status.SUCCESS);
        });
        return handle;
    }
}
