package dev.mapisync.transport.smtp;

import dev.mapisync.mail.support.MailSecurity;
import dev.mapisync.mail.support.SocketRecorder;
import jakarta.mail.Session;
import java.util.Properties;

/** Builds the Jakarta Mail session of an account, and runs mail code with the bundle's class loader as context. */
final class MailSessions {

    private MailSessions() {
    }

    /**
     * Runs mail code with this bundle's class loader as the thread's context class loader:
     * Jakarta Mail finds its providers through ServiceLoader on that loader, and in OSGi the
     * caller's thread may carry any other.
     */
    static <T, E extends Exception> T withMailClassLoader(ThrowingSupplier<T, E> work) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MailSessions.class.getClassLoader());
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A supplier that may throw. */
    @FunctionalInterface
    interface ThrowingSupplier<T, E extends Exception> {
        T get() throws E;
    }

    /** @return the protocol name: {@code smtps} for TLS from the start, else {@code smtp} */
    static String protocol(SmtpSettings settings) {
        return settings.security() == MailSecurity.TLS ? "smtps" : "smtp";
    }

    /**
     * @param sockets records the sockets of the session's connections, for the transport to
     *        set the DATA reply timeout on
     */
    static Session session(SmtpSettings settings, SocketRecorder sockets) {
        String p = "mail." + protocol(settings) + ".";
        Properties properties = new Properties();
        properties.setProperty(p + "host", settings.host());
        properties.setProperty(p + "port", Integer.toString(settings.port()));
        properties.setProperty(p + "connectiontimeout", Integer.toString(settings.timeoutMillis()));
        properties.setProperty(p + "timeout", Integer.toString(settings.timeoutMillis()));
        properties.setProperty(p + "writetimeout", Integer.toString(settings.timeoutMillis()));
        properties.setProperty(p + "auth", Boolean.toString(!settings.user().isEmpty()));
        // Deliver to the recipients the server accepts even when it refuses others.
        properties.setProperty(p + "sendpartial", "true");
        properties.setProperty(p + "reportsuccess", "false");
        sockets.install(properties, p, settings.security(), settings.account(), settings.trustStore(),
                settings.trustStorePassword());
        return MailSessions.<Session, RuntimeException>withMailClassLoader(() -> Session.getInstance(properties));
    }
}
