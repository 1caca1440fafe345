package dev.mapisync.store.imap;

import dev.mapisync.mail.support.ConnectionFilter;
import java.util.Optional;

/**
 * What the IMAP store takes in from a server at most, per connection, whatever the server
 * sends: the promise that a hostile or broken server cannot exhaust the host's memory or hold
 * a sync forever. Each connection's bytes pass a {@link ResponseGuard} that keeps these limits
 * and breaks the connection off at the first byte over one, before Angus Mail would allocate
 * for it. The sync learns what was refused on the thread that read it ({@link #take()}): Angus
 * reports only that the connection broke.
 *
 * <p>One budget per account (its mail session); the figures are stated in the README.
 */
final class ResponseBudget {

    /**
     * One response, with its literals: a message fetched whole in a batch is at most
     * {@link BodyBatch#SMALL}, a part streamed at most the fetch size, so twice the first
     * leaves room for servers whose sizes are off (see {@link Delivered}) and for long lines.
     */
    static final long RESPONSE_BYTES = 2L * BodyBatch.SMALL;
    /**
     * All responses between two things the client says (one command, in effect), each counted
     * at least {@link #RESPONSE_COST}: Angus keeps every response to a command until it ends.
     */
    static final long COMMAND_BYTES = 16L * 1024 * 1024;
    /** What a response costs in memory at the least (Angus's objects for it), whatever its bytes. */
    static final long RESPONSE_COST = 512;
    /** Folders in one listing at most (LIST or LSUB responses to one command). */
    static final int FOLDERS = 10_000;
    /** After the account's timeout, what a server's answer must bring per second at least. */
    static final long LEAST_BYTES_PER_SECOND = 4 * 1024;
    /** Messages whose flags (or UIDs) one command asks for: well within {@link #COMMAND_BYTES}. */
    static final int SLICE = 5_000;

    private final long timeoutMillis;
    private final ThreadLocal<OverBudget> refused = new ThreadLocal<>();

    ResponseBudget(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** @return a new connection's guard */
    ConnectionFilter guard() {
        return new ResponseGuard(this, timeoutMillis, System::nanoTime);
    }

    /** What a guard refused, on the thread that read it. */
    void refused(OverBudget verdict) {
        refused.set(verdict);
    }

    /** @return what a guard last refused on this thread, forgotten now; empty if nothing since the last take */
    Optional<OverBudget> take() {
        OverBudget verdict = refused.get();
        refused.remove();
        return Optional.ofNullable(verdict);
    }
}
