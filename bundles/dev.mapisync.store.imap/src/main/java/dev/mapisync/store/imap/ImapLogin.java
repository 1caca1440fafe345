package dev.mapisync.store.imap;

import dev.mapisync.mail.support.MailContext;
import dev.mapisync.mail.support.SessionProperties;
import dev.mapisync.mail.support.SocketRecorder;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * How a connection to an account's server is made: the account's mail session (Angus Mail's
 * properties for its settings) and the login, with this bundle's class loader as the thread's
 * context class loader (Jakarta Mail finds its providers through it; see {@link ImapConnection}).
 */
final class ImapLogin {

    /** Where a session keeps the {@link SocketRecorder} its socket factories report to. */
    private static final String SOCKETS = "mapisync.sockets";
    /** Where a session keeps the {@link ResponseBudget} its connections' guards keep. */
    private static final String BUDGET = "mapisync.budget";

    private ImapLogin() {
    }

    /**
     * An account's mail session: made once per account, since making one reads every mail
     * provider's resources, then used for each connection.
     */
    static Session session(ImapSettings settings, ScheduledExecutorService writeTimeouts) {
        try (MailContext context = MailContext.enter()) {
            return Session.getInstance(properties(settings, writeTimeouts));
        }
    }

    /** @return what the session's connections take in at most, and what their guards refused */
    static ResponseBudget budget(Session session) {
        return (ResponseBudget) session.getProperties().get(BUDGET);
    }

    /**
     * Logs in, in the place the permit holds in the host's budget (given back if the login fails).
     *
     * @return the connection, with the capabilities a sync asks about learnt
     */
    static ImapConnection open(Session session, ImapSettings settings, ConnectionPermits.Permit permit)
            throws MessagingException {
        try {
            return login(session, settings, permit);
        } catch (MessagingException | RuntimeException e) {
            permit.close();
            throw e;
        }
    }

    private static ImapConnection login(Session session, ImapSettings settings, ConnectionPermits.Permit permit)
            throws MessagingException {
        if (settings.unresolvedSecret().isPresent()) {
            // The one way to the server: an unresolved reference is never sent as a password.
            throw new AuthenticationFailedException(settings.unresolvedSecret().get());
        }
        SocketRecorder sockets = (SocketRecorder) session.getProperties().get(SOCKETS);
        try (MailContext context = MailContext.enter()) {
            Store store = session.getStore(protocol(settings));
            sockets.forget();
            java.net.Socket socket;
            try {
                store.connect(settings.host(), settings.port(), settings.user(), new String(settings.password()));
                socket = sockets.current();
            } finally {
                sockets.forget();
            }
            IMAPStore imap = (IMAPStore) store;
            Set<String> capabilities = new HashSet<>();
            for (String capability : ImapConnection.ASKED) {
                if (imap.hasCapability(capability)) {
                    capabilities.add(capability);
                }
            }
            return new ImapConnection(imap, Set.copyOf(capabilities), socket, permit);
        }
    }

    /** @return {@code imaps} for TLS from the first byte, else {@code imap} (plain, or STARTTLS) */
    private static String protocol(ImapSettings settings) {
        return SessionProperties.protocol("imap", settings.security());
    }

    private static Properties properties(ImapSettings settings, ScheduledExecutorService writeTimeouts) {
        String p = "mail." + protocol(settings) + ".";
        Properties properties = SessionProperties.withTimeouts(p, settings.timeoutMillis());
        properties.put(p + "executor.writetimeout", writeTimeouts);
        // Bodies stream in chunks: a big message never sits whole in memory.
        properties.setProperty(p + "partialfetch", "true");
        properties.setProperty(p + "fetchsize", Integer.toString(256 * 1024));
        // Reading a message does not mark it read on the server.
        properties.setProperty(p + "peek", "true");
        // The sockets of this session's connections, each kept with its connection, for a cancel to close; what the
        // server sends passes each one's guard.
        ResponseBudget budget = new ResponseBudget(settings.timeoutMillis());
        properties.put(BUDGET, budget);
        SocketRecorder sockets = new SocketRecorder(budget::guard);
        properties.put(SOCKETS, sockets);
        sockets.install(properties, p, settings.security(), settings.account(), settings.trustStore(),
                settings.trustStorePassword());
        return properties;
    }
}
