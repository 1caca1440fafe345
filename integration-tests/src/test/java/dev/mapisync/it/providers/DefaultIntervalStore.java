package dev.mapisync.it.providers;

import dev.mapisync.api.store.MessageStore;
import org.osgi.service.component.annotations.Component;

/** Names no sync interval, so the host's default applies; each sync succeeds at once. */
@Component(service = MessageStore.class)
public class DefaultIntervalStore extends ScheduledStore {
}
