package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import dev.mapisync.api.transport.Transport;
import org.osgi.service.component.annotations.Component;

/**
 * UNSURE: the message goes out and no answer comes: the outcome is unknown for every
 * recipient, except {@code throws}, for whom the transport throws after sending (a provider's
 * bug the host cannot tell from a send).
 */
@Component(service = Transport.class)
public class UnsureTransport extends TestTransport {

    public UnsureTransport() {
        super("UNSURE");
    }

    @Override
    public SubmitResult submit(OutgoingMessage message) {
        SubmitResult result = each(message, r -> RecipientResult.unknown(Status.TIMEOUT,
                "the message went out but the server's answer never came"));
        if (message.recipients().stream().anyMatch(r -> r.address().equals("throws"))) {
            throw new IllegalStateException("a transport bug after the message went out");
        }
        return result;
    }
}
