package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;

/** One connection's share of an attempt's folders: its connection, and whether a batch fetch of it is on the wire. */
final class Worker {

    private final ImapConnection connection;
    /** The folder whose batch fetch is on the wire, if one is: if the connection breaks, that folder goes one by one. */
    private volatile FolderPath batching;

    Worker(ImapConnection connection) {
        this.connection = connection;
    }

    ImapConnection connection() {
        return connection;
    }

    FolderPath batching() {
        return batching;
    }

    /** @param folder the folder whose batch fetch goes on the wire now, or null once it came through */
    void batching(FolderPath folder) {
        batching = folder;
    }
}
