package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import dev.mapisync.api.transport.Transport;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Component;

/** SMTP: the first submission of each message fails transiently (451), every later one is accepted. */
@Component(service = Transport.class)
public class FlakyTransport extends TestTransport {

    private final Set<MessageId> seen = ConcurrentHashMap.newKeySet();

    public FlakyTransport() {
        super("SMTP");
    }

    @Override
    public SubmitResult submit(OutgoingMessage message) {
        boolean first = seen.add(message.id());
        return each(message, r -> first
                ? RecipientResult.transientFailure(Status.NETWORK, "451 4.3.0 mailbox busy, try again later")
                : RecipientResult.accepted());
    }
}
