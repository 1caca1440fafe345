package dev.mapisync.host;

import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.ReplicaStorage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * What the sync scheduler and the outbox drain share of the host, bundled: its pools, the
 * events it publishes, its stores (as they come and go) and its log.
 *
 * @param workers the bounded pool that sync work and outbox drains run on
 * @param providerCalls where a store's sync is started and cancelled, apart from the workers
 * @param transportCalls where a transport's submit runs, bounded in time
 * @param timer scheduled syncs, timeouts and retries
 * @param defaultStore the default store, or null while there is none
 * @param replicas where replicas are kept, or null while there is none
 */
record HostServices(ExecutorService workers, ProviderCalls providerCalls, ExecutorService transportCalls,
        ScheduledExecutorService timer, EventPublisher events, Supplier<MessageStore> defaultStore,
        Supplier<ReplicaStorage> replicas, System.Logger log) {
}
