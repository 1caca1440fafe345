package dev.mapisync.transport.smtp;

import dev.mapisync.mail.support.MailContext;
import dev.mapisync.mail.support.SessionProperties;
import dev.mapisync.mail.support.SocketRecorder;
import jakarta.mail.Session;
import java.util.Properties;

/** Builds the Jakarta Mail session of an account, and runs mail code with the bundle's class loader as context. */
final class MailSessions {

    private MailSessions() {
    }

    /** Runs mail code with this bundle's class loader as the thread's context class loader (see {@link MailContext}). */
    static <T, E extends Exception> T withMailClassLoader(ThrowingSupplier<T, E> work) throws E {
        try (MailContext context = MailContext.enter()) {
            return work.get();
        }
    }

    /** A supplier that may throw. */
    @FunctionalInterface
    interface ThrowingSupplier<T, E extends Exception> {
        T get() throws E;
    }

    /** @return the protocol name: {@code smtps} for TLS from the start, else {@code smtp} */
    static String protocol(SmtpSettings settings) {
        return SessionProperties.protocol("smtp", settings.security());
    }

    /**
     * @param sockets records the sockets of the session's connections, for the transport to
     *        set the DATA reply timeout on
     */
    static Session session(SmtpSettings settings, SocketRecorder sockets) {
        String p = "mail." + protocol(settings) + ".";
        Properties properties = SessionProperties.withTimeouts(p, settings.timeoutMillis());
        properties.setProperty(p + "host", settings.host());
        properties.setProperty(p + "port", Integer.toString(settings.port()));
        properties.setProperty(p + "auth", Boolean.toString(!settings.user().isEmpty()));
        // Deliver to the recipients the server accepts even when it refuses others.
        properties.setProperty(p + "sendpartial", "true");
        properties.setProperty(p + "reportsuccess", "false");
        sockets.install(properties, p, settings.security(), settings.account(), settings.trustStore(),
                settings.trustStorePassword());
        return MailSessions.<Session, RuntimeException>withMailClassLoader(() -> Session.getInstance(properties));
    }
}
