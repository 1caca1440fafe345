package dev.mapisync.it.providers;

import dev.mapisync.api.store.MessageStore;
import org.osgi.service.component.annotations.Component;

/** A third slow store, in a bundle of its own. */
@Component(service = MessageStore.class, property = "mapisync.sync.interval:Long=0")
public class SlowStoreC extends SlowStore {
}
