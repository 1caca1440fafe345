package dev.mapisync.host;

import dev.mapisync.api.store.StoreException;

/** The default store closed under the Outbox drain (the host stops): the drain stops, and nothing is held for it. */
final class StoreClosed extends Exception {

    private static final long serialVersionUID = 1L;

    StoreClosed(StoreException cause) {
        super(cause.getMessage(), cause);
    }
}
