package dev.mapisync.api.sync;

import dev.mapisync.api.Status;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a sync reports how it is going.
 *
 * <p>MAPI counterpart: {@code IMAPISyncProgressCallback} ({@code Progress}, {@code Error},
 * {@code Done}). Implemented by the host only; providers call it.
 *
 * <p>Rules for the provider:
 * <ul>
 * <li>{@link #done(Status)} is called exactly once per sync, on every path: success,
 * failure, cancel. Nothing is called after it.</li>
 * <li>{@link #progress} numbers are never negative and {@code index} never exceeds
 * {@code indexMax}.</li>
 * <li>Calls may come from any thread of the provider, but not concurrently for one sync:
 * a provider that works on several threads serializes its calls.</li>
 * </ul>
 *
 * <p>Promises of the host: every method returns at once (it never blocks on I/O or on other
 * stores) and never throws. Calls that break the rules are ignored and logged, and an
 * exception or a missing {@code done} ends the sync as a provider fault or a timeout.
 */
@ProviderType
public interface SyncProgressCallback {

    /**
     * Where the sync is.
     *
     * @param step the text of the current step, for example {@code "Inbox: 1,204 of 9,876"};
     *        {@code null} to update only the numbers
     * @param index how far the sync is, from 0
     * @param indexMax the value of {@code index} that means complete
     */
    void progress(String step, long index, long indexMax);

    /**
     * A failure or warning for one item; the sync goes on (and usually ends
     * {@link Status#PARTIAL}).
     *
     * @param status what kind of failure
     * @param text what failed, for the user: names the folder or message, holds no secret
     */
    void error(Status status, String text);

    /**
     * The sync is over. Called exactly once; the handle completes with the same status.
     *
     * @param status the final status
     */
    void done(Status status);
}
