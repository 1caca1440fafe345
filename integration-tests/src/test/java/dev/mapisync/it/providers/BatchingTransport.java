package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import dev.mapisync.api.transport.Transport;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Component;

/**
 * BATCH: a server that takes at most {@value #PER_TRANSACTION} recipients per transaction and
 * puts the others off with 452, as RFC 5321 lets a server do.
 */
@Component(service = Transport.class)
public class BatchingTransport extends TestTransport {

    public static final int PER_TRANSACTION = 2;

    public BatchingTransport() {
        super("BATCH");
    }

    @Override
    public SubmitResult submit(OutgoingMessage message) {
        log("BatchingTransport " + message.id() + " transaction of " + message.recipients().size());
        AtomicInteger taken = new AtomicInteger();
        return each(message, r -> taken.incrementAndGet() <= PER_TRANSACTION ? RecipientResult.accepted()
                : RecipientResult.transientFailure(Status.NETWORK, "452 4.5.3 too many recipients"));
    }
}
