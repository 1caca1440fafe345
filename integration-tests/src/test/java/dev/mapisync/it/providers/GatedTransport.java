package dev.mapisync.it.providers;

import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import dev.mapisync.api.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Component;

/**
 * GATE: logs that a submission started, then accepts it once the file named by the system
 * property {@value #GATE_PROPERTY} exists (at most 30 s), so that a test can make something
 * happen while a drain is in the middle of a submission.
 */
@Component(service = Transport.class)
public class GatedTransport extends TestTransport {

    public static final String GATE_PROPERTY = "mapisync.test.gate";

    public GatedTransport() {
        super("GATE");
    }

    @Override
    public SubmitResult submit(OutgoingMessage message) throws InterruptedException {
        log("GatedTransport " + message.id() + " entered");
        Path gate = Path.of(System.getProperty(GATE_PROPERTY));
        for (int wait = 0; wait < 300 && !Files.exists(gate); wait++) {
            Thread.sleep(100);
        }
        return each(message, r -> RecipientResult.accepted());
    }
}
