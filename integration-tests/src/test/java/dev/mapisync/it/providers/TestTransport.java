package dev.mapisync.it.providers;

import dev.mapisync.api.Identity;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import dev.mapisync.api.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Base of the test transports: writes a line per recipient and outcome to the file named by
 * the system property {@value #LOG_PROPERTY}, so that a test can count what was sent (the
 * "server" side), and reads the whole content of every message it is given.
 */
public abstract class TestTransport implements Transport {

    public static final String LOG_PROPERTY = "mapisync.test.transport.log";

    private final String addressType;

    protected TestTransport(String addressType) {
        this.addressType = addressType;
    }

    @Override
    public Identity identity() {
        return new Identity(getClass().getSimpleName(), getClass().getSimpleName() + " (test)");
    }

    @Override
    public Set<String> addressTypes() {
        return Set.of(addressType);
    }

    protected SubmitResult each(OutgoingMessage message, Function<Recipient, RecipientResult> outcome) {
        try (InputStream content = message.content().open()) {
            content.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Recipient, RecipientResult> results = new HashMap<>();
        for (Recipient recipient : message.recipients()) {
            RecipientResult result = outcome.apply(recipient);
            results.put(recipient, result);
            log(getClass().getSimpleName() + " " + message.id() + " " + recipient + " " + result.outcome());
        }
        return new SubmitResult(results);
    }

    protected static void log(String line) {
        String file = System.getProperty(LOG_PROPERTY);
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
