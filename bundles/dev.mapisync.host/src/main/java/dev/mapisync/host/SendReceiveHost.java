package dev.mapisync.host;

import dev.mapisync.api.host.OutboxEntry;
import dev.mapisync.api.host.ProviderProblem;
import dev.mapisync.api.host.SendReceive;
import dev.mapisync.api.host.TaskStatus;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.ReplicaStorage;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The host: discovers every store that syncs and every transport as they come and go, runs
 * Send/Receive on demand and on each store's schedule, drains the Outbox, and answers for
 * status. Configuration PID {@code dev.mapisync.host}.
 */
@Component(service = SendReceive.class, immediate = true, configurationPid = SendReceiveHost.PID)
@Designate(ocd = HostConfig.class)
public final class SendReceiveHost implements SendReceive {

    static final String PID = "dev.mapisync.host";

    private final System.Logger log = System.getLogger(SendReceiveHost.class.getName());
    /** SCR's view of the components: stores and transports that could not start are problems to show. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime components;
    /** The same service's reference: its change count tells when to look at the components again. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceReference<ServiceComponentRuntime> componentsReference;
    private final FailedProviders failedProviders = new FailedProviders();
    private final EventPublisher events = new EventPublisher();
    private final TransportTable transports = new TransportTable(log);
    private final HostThreads threads;
    private final SyncScheduler scheduler;
    private final OutboxDrain outbox;
    private final OutboxJournal journal;
    private final BundleContext context;
    private final ProviderCheck providerCheck;
    private final ServiceUseRelease serviceUseRelease;
    private volatile HostSettings settings;
    private volatile Future<?> outboxSchedule;

    private volatile MessageStore defaultStore;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ReplicaStorage replicaStorage;

    /**
     * @param configurationAdmin asked for the host's configuration itself at activation: SCR may
     *        activate the host before ConfigAdmin delivered it (ConfigAdmin waits for its
     *        persistence manager), and the first drain must use the journal the configuration
     *        names, or a record kept there would go unseen and its message could be sent again
     */
    @Activate
    public SendReceiveHost(BundleContext context, HostConfig config, @Reference ConfigurationAdmin configurationAdmin) {
        this.context = context;
        settings = HostSettings.from(config);
        providerCheck = new ProviderCheck(context, log);
        threads = new HostThreads(settings.maxConcurrentSyncs());
        HostServices services = new HostServices(threads.workers, threads.providerCalls(), threads.transportCalls,
                threads.timer, events, () -> defaultStore, () -> replicaStorage, log);
        scheduler = new SyncScheduler(services, settings);
        Path journalDirectory = OutboxJournal.directory(OutboxJournal.configured(configurationAdmin, PID, log)
                .orElse(settings.journalDirectory()), context);
        try {
            journal = new OutboxJournal(journalDirectory);
            outbox = new OutboxDrain(services, transports, journal, settings);
        } catch (IOException e) {
            shutdown();
            throw new UncheckedIOException("dev.mapisync.host: the outbox journal directory " + journalDirectory
                    + " cannot be created: " + e.getMessage(), e);
        }
        scheduleOutbox();
        outbox.request();
        context.addBundleListener(providerCheck);
        serviceUseRelease = ServiceUseRelease.forFramework(context, log);
        if (serviceUseRelease != null) {
            context.addBundleListener(serviceUseRelease);
        }
        providerCheck.problems().forEach(p -> log.log(Level.ERROR, "provider " + p.bundle() + " " + p.version()
                + " cannot run here: " + p.problem()));
        ReadyBanner.makeFolders(context, log);
        log.log(Level.INFO, ReadyBanner.text(context));
    }

    @Modified
    void modified(HostConfig config) {
        HostSettings next;
        try {
            next = HostSettings.from(config);
        } catch (IllegalArgumentException e) {
            log.log(Level.ERROR, e.getMessage() + "; the host keeps its previous configuration");
            return;
        }
        relocateJournal(OutboxJournal.directory(next.journalDirectory(), context));
        threads.resizeWorkers(next.maxConcurrentSyncs());
        settings = next;
        scheduler.apply(next);
        outbox.apply(next);
        scheduleOutbox();
    }

    /** A new outboxJournalDirectory applies at once: the records move there (what was held stays held). */
    private void relocateJournal(Path target) {
        Path from = journal.directory();
        try {
            int moved = journal.relocate(target);
            if (!target.toAbsolutePath().normalize().equals(from)) {
                log.log(Level.INFO, "dev.mapisync.host: the outbox journal moved from " + from + " to " + target + " ("
                        + moved + " records)");
            }
        } catch (IOException e) {
            log.log(Level.ERROR, "dev.mapisync.host: outboxJournalDirectory " + target + " cannot be used (" + e.getMessage()
                    + "); the journal stays in " + from);
        }
    }

    @Deactivate
    void deactivate() {
        shutdown();
    }

    private void shutdown() {
        try {
            context.removeBundleListener(providerCheck);
            if (serviceUseRelease != null) {
                context.removeBundleListener(serviceUseRelease);
            }
        } catch (IllegalStateException stopping) {
            // The framework is going down with us.
        }
        Future<?> drain = outboxSchedule;
        if (drain != null) {
            drain.cancel(false);
        }
        threads.shutdownNow();
    }

    private void scheduleOutbox() {
        Future<?> previous = outboxSchedule;
        if (previous != null) {
            previous.cancel(false);
        }
        long millis = settings.defaultInterval().toMillis();
        outboxSchedule = millis == 0 ? null
                : threads.timer.scheduleWithFixedDelay(outbox::request, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addStore(ServiceReference<MessageStore> reference, MessageStore store) {
        StoreArrival arrival = StoreArrival.of(reference, store, settings.defaultInterval(), log);
        if (arrival.outboxHolder()) {
            outbox.request();
        }
        Optional<StoreTask> task = arrival.task();
        if (task.isPresent() && scheduler.add(task.get())) {
            Duration interval = task.get().interval();
            log.log(Level.INFO, "store " + task.get().identity() + " of " + task.get().provider() + " discovered"
                    + (interval.isZero() ? ", synced on demand" : ", synced every " + interval.toSeconds() + " s"));
        }
    }

    /**
     * The default store, whose Outbox the host drains. A method, not a field: its arrival starts
     * a drain (the stores and transports may all have been bound before it, and a drain that
     * found no default store did nothing).
     */
    @Reference(name = "defaultStore", target = "(" + MessageStore.DEFAULT_STORE_PROPERTY + "=true)",
            cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetDefaultStore")
    void setDefaultStore(MessageStore store) {
        defaultStore = store;
        outbox.request();
    }

    void unsetDefaultStore(MessageStore store) {
        if (defaultStore == store) {
            defaultStore = null;
        }
    }

    void removeStore(ServiceReference<MessageStore> reference) {
        scheduler.remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addTransport(ServiceReference<Transport> reference, Transport transport) {
        if (transports.add(reference, transport)) {
            outbox.request();
        }
    }

    void removeTransport(ServiceReference<Transport> reference) {
        transports.remove(reference);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventAdmin(EventAdmin eventAdmin) {
        events.eventAdmin(eventAdmin);
    }

    void unsetEventAdmin(EventAdmin eventAdmin) {
        events.eventAdmin(null);
    }

    @Override
    public int sendReceiveAll(Set<SyncFlag> flags) {
        EnumSet<SyncFlag> asked = checked(flags);
        int stores = 0;
        EnumSet<SyncFlag> storeFlags = EnumSet.copyOf(asked);
        storeFlags.remove(SyncFlag.OUTGOING_MAIL);
        if (storeFlags.stream().anyMatch(SyncFlag.DIRECTIONS::contains)) {
            stores = scheduler.requestAll(storeFlags);
        }
        if (asked.contains(SyncFlag.OUTGOING_MAIL)) {
            outbox.request();
        }
        return stores;
    }

    @Override
    public void sync(String storeId, Set<SyncFlag> flags) {
        scheduler.request(storeId, checked(flags));
    }

    /** @return the flags with {@link SyncFlag#ON_DEMAND} added, once they are known to name work */
    private static EnumSet<SyncFlag> checked(Set<SyncFlag> flags) {
        if (flags == null || flags.stream().noneMatch(SyncFlag.DIRECTIONS::contains)) {
            throw new IllegalArgumentException("flags " + flags + " name no work to do; add at least one of "
                    + EnumSet.copyOf(SyncFlag.DIRECTIONS));
        }
        EnumSet<SyncFlag> asked = EnumSet.copyOf(flags);
        asked.add(SyncFlag.ON_DEMAND);
        return asked;
    }

    @Override
    public boolean cancel(String storeId) {
        return scheduler.cancel(storeId);
    }

    @Override
    public List<TaskStatus> status() {
        List<TaskStatus> rows = new ArrayList<>(scheduler.snapshot());
        rows.addAll(transports.snapshot());
        return rows;
    }

    @Override
    public List<ProviderProblem> providerProblems() {
        List<ProviderProblem> problems = new ArrayList<>(providerCheck.problems());
        ServiceComponentRuntime scr = components;
        if (scr != null) {
            problems.addAll(failedProviders.problems(scr, componentsReference));
        }
        return problems;
    }

    @Override
    public List<OutboxEntry> outbox() {
        return outbox.entries();
    }

    @Override
    public void retry(MessageId message) {
        outbox.retry(message);
    }
}
