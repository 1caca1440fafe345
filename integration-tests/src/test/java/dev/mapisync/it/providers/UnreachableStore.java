package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import org.osgi.service.component.annotations.Component;

/** A store whose server cannot be reached: every sync reports why and ends NETWORK. */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class UnreachableStore extends TestStore {

    public static final String ERROR = "imap.example.invalid cannot be reached: connection refused";

    @Override
    public SyncHandle synchronizeInBackground(SyncRequest request) {
        TestHandle handle = new TestHandle();
        request.session().executor().execute(() -> {
            request.callback().progress("Connecting to imap.example.invalid", 0, 1);
            request.callback().error(Status.NETWORK, ERROR);
            handle.finish(request.callback(), Status.NETWORK);
        });
        return handle;
    }
}
