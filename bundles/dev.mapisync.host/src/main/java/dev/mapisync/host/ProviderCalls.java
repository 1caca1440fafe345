package dev.mapisync.host;

import java.util.concurrent.Executor;

/**
 * Where the host calls into providers for what must return at once, apart from the sync work:
 * starts ({@code synchronizeInBackground}) and cancels each on a pool of their own, so that a
 * provider slow to answer one kind never holds up the other, nor another store's start.
 *
 * @param starts runs {@code synchronizeInBackground}
 * @param cancels runs {@code SyncHandle.cancel}
 */
record ProviderCalls(Executor starts, Executor cancels) {
}
