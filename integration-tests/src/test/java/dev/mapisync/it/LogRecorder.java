package dev.mapisync.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what a bundle logs through {@link System.Logger} (which, with no other backend
 * installed, is java.util.logging in the same JVM), so a test can check what a user is told.
 */
final class LogRecorder extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();

    /** @param loggerName the logger to listen to: the logging class's name */
    LogRecorder(String loggerName) {
        logger = Logger.getLogger(loggerName);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        messages.add(record.getLevel() + " " + record.getMessage());
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    boolean has(String... parts) {
        return messages.stream().anyMatch(m -> java.util.Arrays.stream(parts).allMatch(m::contains));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
