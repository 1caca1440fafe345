package dev.mapisync.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

class OneLineLogTest {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    private Logger logger(String level) {
        return new OneLineLog(level, new PrintStream(written, true, StandardCharsets.UTF_8)).getLogger("scr");
    }

    @Test
    void aFailureIsOneLineWithItsRootCause() {
        Logger log = logger(null);
        Exception failure = new RuntimeException(new InvocationTargetException(
                new IllegalArgumentException("IMAP account work: security \"NONE\" is for loopback only")));
        log.error("[{}] The constructor threw an exception", "dev.mapisync.store.imap", failure);
        String text = written.toString(StandardCharsets.UTF_8);
        assertEquals("ERROR [scr] [dev.mapisync.store.imap] The constructor threw an exception: IMAP account work: "
                + "security \"NONE\" is for loopback only", text.strip());
        assertFalse(text.contains("\tat "), "no stack trace: " + text);
    }

    @Test
    void levelsBelowTheThresholdAreNotWrittenAndDebugShowsTraces() {
        Logger quiet = logger(null);
        quiet.info("started");
        quiet.debug("detail");
        assertFalse(quiet.isInfoEnabled());
        assertTrue(quiet.isWarnEnabled());
        assertEquals("", written.toString(StandardCharsets.UTF_8));
        Logger verbose = logger("debug");
        verbose.debug("detail {}", 1, new IllegalStateException("why"));
        String text = written.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("DEBUG [scr] detail 1: why"), text);
        assertTrue(text.contains("\tat "), "at debug, the trace: " + text);
    }
}
