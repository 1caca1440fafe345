package dev.mapisync.store.imap;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The host's IMAP budget, one for all accounts (see {@link ConnectionPermits} and
 * {@link MessageBytes}); a new configuration changes the limits in place, so no account store
 * restarts for it. It also owns the one thread that times out every connection's writes.
 */
@Component(service = ImapBudget.class, configurationPid = ImapBudget.PID)
@Designate(ocd = ImapBudgetConfig.class)
public final class ImapBudget {

    static final String PID = "dev.mapisync.store.imap.budget";

    private final ConnectionPermits connections;
    private final MessageBytes messageBytes;
    /**
     * Angus Mail's write timeouts for all connections: without an executor of ours it starts a
     * thread for each connection (a thread per login, on a host of many accounts).
     */
    private final ScheduledThreadPoolExecutor writeTimeouts;

    @Activate
    public ImapBudget(ImapBudgetConfig config) {
        this(config.maxConnections(), config.messageMegabytes() * 1024L * 1024);
    }

    ImapBudget(int maxConnections, long messageBytes) {
        check(maxConnections, messageBytes);
        this.connections = new ConnectionPermits(maxConnections);
        this.messageBytes = new MessageBytes(messageBytes);
        this.writeTimeouts = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "mapisync-imap-write-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        // A write that ended in time cancels its timeout: the cancelled task goes at once, not when it was due.
        writeTimeouts.setRemoveOnCancelPolicy(true);
    }

    /** The account stores have gone by now (they need the budget): no connection writes any more. */
    @Deactivate
    void deactivate() {
        writeTimeouts.shutdown();
    }

    /** The defaults, for an account made outside a framework (tests). */
    static ImapBudget defaults() {
        return new ImapBudget(64, 24L * 1024 * 1024);
    }

    @Modified
    void modified(ImapBudgetConfig config) {
        long bytes = config.messageMegabytes() * 1024L * 1024;
        check(config.maxConnections(), bytes);
        connections.limit(config.maxConnections());
        messageBytes.limit(bytes);
    }

    private static void check(int maxConnections, long messageBytes) {
        if (maxConnections < 1 || messageBytes < 1) {
            throw new IllegalArgumentException("IMAP budget (" + PID + "): maxConnections and messageMegabytes must be at "
                    + "least 1, were " + maxConnections + " and " + messageBytes / (1024 * 1024));
        }
    }

    ConnectionPermits connections() {
        return connections;
    }

    MessageBytes messageBytes() {
        return messageBytes;
    }

    ScheduledExecutorService writeTimeouts() {
        return writeTimeouts;
    }
}
