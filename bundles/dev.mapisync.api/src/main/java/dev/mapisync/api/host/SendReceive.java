package dev.mapisync.api.host;

import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.sync.SyncFlag;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Send/Receive: start and cancel syncs, read the status of every store and transport, and
 * manage the Outbox.
 *
 * <p>MAPI counterpart: Outlook's Send/Receive dialog and its groups, driving
 * {@code IMAPISync} on each store and the transports through the spooler. Implemented by
 * the host only and registered as an OSGi service. Every method returns at once: syncs
 * run in the background on the host's bounded executor, and a sync asked for while the
 * same store is running is coalesced into one follow-up run. Thread-safe.
 */
@ProviderType
public interface SendReceive {

    /**
     * Starts Send/Receive for every store that syncs, and drains the Outbox when
     * {@code flags} holds {@link SyncFlag#OUTGOING_MAIL}. Marked on demand: it runs before
     * scheduled work.
     *
     * @param flags what to do, at least one of {@link SyncFlag#DIRECTIONS}
     * @return how many stores were asked to sync
     * @throws IllegalArgumentException if the flags name no work; the message says which are needed
     */
    int sendReceiveAll(Set<SyncFlag> flags);

    /**
     * Starts one store's sync, on demand.
     *
     * @param storeId the store's {@link dev.mapisync.api.Identity#id()}
     * @param flags what to do, at least one of {@link SyncFlag#DIRECTIONS}
     * @throws IllegalArgumentException if no store has that id or does not sync, or the
     *         flags name no work; the message names the culprit
     */
    void sync(String storeId, Set<SyncFlag> flags);

    /**
     * Cancels a store's running or queued sync.
     *
     * @param storeId the store's id
     * @return {@code true} if a sync was running or queued
     * @throws IllegalArgumentException if no store has that id
     */
    boolean cancel(String storeId);

    /** @return a snapshot per store and per transport, stores first, each sorted by name */
    List<TaskStatus> status();

    /**
     * @return the provider bundles installed but unable to run, each with what it lacks (such
     *         as an API package in a version range this host does not offer)
     */
    List<ProviderProblem> providerProblems();

    /** @return the messages waiting in the Outbox, with their state and last failure */
    List<OutboxEntry> outbox();

    /**
     * Clears a held message's failure so that the next drain submits it again; starts a
     * drain.
     *
     * @param message the message's id in the Outbox
     * @throws IllegalArgumentException if the Outbox holds no such message
     */
    void retry(MessageId message);
}
