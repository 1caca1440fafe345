package dev.mapisync.it.providers;

import dev.mapisync.api.Status;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import dev.mapisync.api.transport.Transport;
import org.osgi.service.component.annotations.Component;

/** FAX: every recipient fails permanently (550). */
@Component(service = Transport.class)
public class RejectingTransport extends TestTransport {

    public RejectingTransport() {
        super("FAX");
    }

    @Override
    public SubmitResult submit(OutgoingMessage message) {
        return each(message, r -> RecipientResult.permanentFailure(Status.PROTOCOL, "550 5.1.1 no such fax number"));
    }
}
