package dev.mapisync.transport.smtp;

import jakarta.mail.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
        return settings.security() == SmtpSettings.Security.TLS ? "smtps" : "smtp";
    }

    static Session session(SmtpSettings settings) {
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
        if (settings.security() == SmtpSettings.Security.STARTTLS) {
            properties.setProperty(p + "starttls.enable", "true");
            properties.setProperty(p + "starttls.required", "true");
        }
        if (settings.security() != SmtpSettings.Security.NONE) {
            properties.setProperty(p + "ssl.checkserveridentity", "true");
            if (!settings.trustStore().isEmpty()) {
                properties.put(p + "ssl.socketFactory", trusting(settings).getSocketFactory());
            }
        }
        return MailSessions.<Session, RuntimeException>withMailClassLoader(() -> Session.getInstance(properties));
    }

    private static SSLContext trusting(SmtpSettings settings) {
        Path file = Path.of(settings.trustStore());
        try (InputStream in = Files.newInputStream(file)) {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            KeyStore store = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, settings.trustStorePassword());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(settings.account() + ": trust store " + file + " cannot be used: "
                    + e.getMessage(), e);
        }
    }
}
