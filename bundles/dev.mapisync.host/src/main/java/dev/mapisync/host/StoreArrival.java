package dev.mapisync.host;

import dev.mapisync.api.Identity;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.sync.Sync;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import org.osgi.framework.ServiceReference;

/**
 * What a store service that arrives is to the host: a store to sync (with its interval, from
 * its service property or the host's default), the default store whose Outbox waits to be
 * drained, or neither. A store that fails to describe itself, or names a bad interval, is
 * logged with its provider.
 *
 * @param task the store to sync, if it syncs
 * @param outboxHolder whether it is the default store (its arrival starts a drain)
 */
record StoreArrival(Optional<StoreTask> task, boolean outboxHolder) {

    static StoreArrival of(ServiceReference<MessageStore> reference, MessageStore store, Duration defaultInterval,
            System.Logger log) {
        Optional<Sync> sync;
        Identity identity;
        try {
            sync = store.sync();
            identity = store.identity();
        } catch (RuntimeException e) {
            log.log(Level.ERROR, "a store of " + Provider.of(reference) + " failed to describe itself: "
                    + Failures.describe(e) + "; it is not synced");
            return new StoreArrival(Optional.empty(), false);
        }
        if (sync == null || sync.isEmpty()) {
            return new StoreArrival(Optional.empty(),
                    Boolean.TRUE.equals(reference.getProperty(MessageStore.DEFAULT_STORE_PROPERTY)));
        }
        Duration interval = interval(reference, identity, defaultInterval, log);
        return new StoreArrival(Optional.of(new StoreTask(reference, store, sync.get(), identity, Provider.of(reference),
                interval)), false);
    }

    /** @return the store's {@link MessageStore#SYNC_INTERVAL_PROPERTY}, or the default if it names none or a bad one */
    private static Duration interval(ServiceReference<MessageStore> reference, Identity identity,
            Duration defaultInterval, System.Logger log) {
        Object value = reference.getProperty(MessageStore.SYNC_INTERVAL_PROPERTY);
        if (value == null) {
            return defaultInterval;
        }
        try {
            long seconds = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
            if (seconds < 0) {
                throw new NumberFormatException("negative");
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            log.log(Level.ERROR, "store " + identity + ": " + MessageStore.SYNC_INTERVAL_PROPERTY + " \"" + value
                    + "\" is not a number of seconds (0 or more); the host default of " + defaultInterval.toSeconds()
                    + " s applies");
            return defaultInterval;
        }
    }
}
