package dev.mapisync.it.providers;

import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import org.osgi.service.component.annotations.Component;

/** A provider bug: synchronizeInBackground throws. */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class ThrowingStore extends TestStore {

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        throw new IllegalStateException("boom: the provider has a bug");
    }
}
