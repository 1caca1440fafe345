package dev.mapisync.store.imap;

import dev.mapisync.api.store.StoreException;
import dev.mapisync.mail.support.MailSecurity;
import dev.mapisync.mail.support.TrustStores;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * A connection to an account's IMAP server through Angus Mail. Mail code runs with this
 * bundle's class loader as the thread's context class loader: Jakarta Mail finds its
 * providers through ServiceLoader on that loader, and in OSGi the calling thread may carry
 * any other.
 */
final class ImapConnection implements AutoCloseable {

    private final IMAPStore store;

    private ImapConnection(IMAPStore store) {
        this.store = store;
    }

    /** Work with mail code (and the replica) that may fail. */
    @FunctionalInterface
    interface MailWork<T> {
        T run() throws MessagingException, IOException, StoreException;
    }

    static <T> T withMailClassLoader(MailWork<T> work) throws MessagingException, IOException, StoreException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ImapConnection.class.getClassLoader());
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * An account's mail session: made once per account, since making one reads every mail
     * provider's resources, then used for each connection.
     */
    static Session session(ImapSettings settings) {
        return inBundleLoader(() -> Session.getInstance(properties(settings)));
    }

    static ImapConnection open(Session session, ImapSettings settings) throws MessagingException {
        return inBundleLoader(() -> {
            Store store = session.getStore(protocol(settings));
            store.connect(settings.host(), settings.port(), settings.user(), new String(settings.password()));
            return new ImapConnection((IMAPStore) store);
        });
    }

    /** Mail code that fails in one way. */
    @FunctionalInterface
    private interface LoaderWork<T, E extends Exception> {
        T run() throws E;
    }

    private static <T, E extends Exception> T inBundleLoader(LoaderWork<T, E> work) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ImapConnection.class.getClassLoader());
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    IMAPStore store() {
        return store;
    }

    private static String protocol(ImapSettings settings) {
        return settings.security() == MailSecurity.TLS ? "imaps" : "imap";
    }

    private static Properties properties(ImapSettings settings) {
        String p = "mail." + protocol(settings) + ".";
        Properties properties = new Properties();
        String timeout = Integer.toString(settings.timeoutMillis());
        properties.setProperty(p + "connectiontimeout", timeout);
        properties.setProperty(p + "timeout", timeout);
        properties.setProperty(p + "writetimeout", timeout);
        // Bodies stream in chunks: a big message never sits whole in memory.
        properties.setProperty(p + "partialfetch", "true");
        properties.setProperty(p + "fetchsize", Integer.toString(256 * 1024));
        // Reading a message does not mark it read on the server.
        properties.setProperty(p + "peek", "true");
        if (settings.security() == MailSecurity.STARTTLS) {
            properties.setProperty(p + "starttls.enable", "true");
            properties.setProperty(p + "starttls.required", "true");
        }
        if (settings.security() != MailSecurity.NONE) {
            properties.setProperty(p + "ssl.checkserveridentity", "true");
            if (!settings.trustStore().isEmpty()) {
                properties.put(p + "ssl.socketFactory", TrustStores.trusting(settings.account(), settings.trustStore(),
                        settings.trustStorePassword()).getSocketFactory());
            }
        }
        return properties;
    }


    /** Closes the connection; also the way a cancel breaks off a blocking read at once. */
    @Override
    public void close() {
        try {
            withMailClassLoader(() -> {
                store.close();
                return null;
            });
        } catch (MessagingException | IOException | StoreException | RuntimeException ignored) {
            // Closing is best effort: the connection may be gone already.
        }
    }
}
