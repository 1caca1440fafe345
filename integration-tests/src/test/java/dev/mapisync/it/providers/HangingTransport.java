package dev.mapisync.it.providers;

import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.SubmitResult;
import dev.mapisync.api.transport.Transport;
import org.osgi.service.component.annotations.Component;

/**
 * HANG: logs that a submission started, then waits until interrupted, as a server would that
 * takes the message and never answers while the host dies.
 */
@Component(service = Transport.class)
public class HangingTransport extends TestTransport {

    public HangingTransport() {
        super("HANG");
    }

    @Override
    public SubmitResult submit(OutgoingMessage message) throws InterruptedException {
        log("HangingTransport " + message.id() + " entered");
        Thread.sleep(Long.MAX_VALUE);
        throw new IllegalStateException("unreachable");
    }
}
