package dev.mapisync.api.transport;

import dev.mapisync.api.Identity;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way for outgoing mail to leave, for one or more address types.
 *
 * <p>MAPI counterpart: a transport provider's {@code IXPLogon}, with
 * {@code AddressTypes} and {@code SubmitMessage}. Implemented by transport providers and
 * registered as an OSGi service; called by the host's outbox drain.
 *
 * <p>Threading: {@link #submit} is called on a host thread that may block; it honours
 * interruption (the host interrupts a submission it gives up on) and may be called for
 * several messages at once. Rules: a per-recipient failure is a result, not an exception;
 * a transport never sends one message twice for one call, and tells a transient failure
 * (try again later: 4xx, network) from a permanent one (5xx) for each recipient.
 */
@ConsumerType
public interface Transport {

    /** @return who this transport is; the same for the life of the service */
    Identity identity();

    /** @return the address types served, upper case, for example {@code SMTP}; never empty */
    Set<String> addressTypes();

    /**
     * Submits one message to every recipient it names.
     *
     * @param message the message, its envelope and its content
     * @return one result per recipient of the message
     * @throws InterruptedException if the host interrupted the submission
     */
    SubmitResult submit(OutgoingMessage message) throws InterruptedException;
}
