package dev.mapisync.it.providers;

import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/** A provider that does not let go: its deactivation waits ten minutes, holding up the framework's stop. */
@Component(service = dev.mapisync.api.store.MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class StubbornStore extends TestStore {

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        TestHandle handle = new TestHandle();
        handle.finish(request.callback(), dev.mapisync.api.Status.SUCCESS);
        return handle;
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException ignored) {
                // Stubborn: it does not stop when asked.
            }
        }
    }
}
