package dev.mapisync.host;

import dev.mapisync.api.Identity;
import dev.mapisync.api.Status;
import dev.mapisync.api.host.RunSummary;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.host.TaskStatus;
import dev.mapisync.api.transport.Transport;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The transports the host knows, which address types each serves, and how their submissions went. */
final class TransportTable {

    /**
     * One transport service, with what the host remembers of its submissions: how many are
     * under way, and how the last one went. It changes its own state, under its own lock; the
     * drain tells it a submission starts and how it ended.
     */
    static final class Entry {
        private final ServiceReference<Transport> reference;
        private final Transport transport;
        private final Identity identity;
        private final Provider provider;
        private final Set<String> addressTypes;
        // Guarded by this.
        private int active;
        private Optional<RunSummary> lastRun = Optional.empty();
        private Optional<Instant> lastSuccess = Optional.empty();
        private List<TaskError> lastErrors = List.of();

        Entry(ServiceReference<Transport> reference, Transport transport, Identity identity, Set<String> addressTypes) {
            this.reference = reference;
            this.transport = transport;
            this.identity = identity;
            this.provider = Provider.of(reference);
            this.addressTypes = addressTypes;
        }

        Transport transport() {
            return transport;
        }

        Identity identity() {
            return identity;
        }

        /** A submission to it starts. */
        synchronized void submitting() {
            active++;
        }

        /** A submission to it ended (its outcome follows in {@link #finished}). */
        synchronized void submitted() {
            active--;
        }

        synchronized void finished(RunSummary run, List<TaskError> errors) {
            lastRun = Optional.of(run);
            lastErrors = List.copyOf(errors);
            if (run.status().succeeded()) {
                lastSuccess = Optional.of(run.started().plus(run.duration()));
            }
        }

        /** @return its row in the host's status */
        synchronized TaskStatus status() {
            return new TaskStatus(TaskStatus.Kind.TRANSPORT, identity.id(), identity.displayName(),
                    provider.symbolicName(), provider.version(), active > 0 ? TaskState.RUNNING : TaskState.IDLE,
                    "serves " + addressTypes.stream().sorted().collect(Collectors.joining(", ")), 0, 0,
                    Optional.empty(), lastErrors, lastRun, lastSuccess);
        }
    }

    private final Map<ServiceReference<Transport>, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger arrivals = new AtomicInteger();
    private final System.Logger log;

    TransportTable(System.Logger log) {
        this.log = log;
    }

    /** @return whether the transport was taken; one whose identity or address types fail is logged and left out */
    boolean add(ServiceReference<Transport> reference, Transport transport) {
        try {
            Identity identity = transport.identity();
            Set<String> types = transport.addressTypes().stream().map(t -> t.toUpperCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
            if (types.isEmpty()) {
                log.log(Level.ERROR, "transport " + identity + " of " + Provider.of(reference) + " serves no address type; not used");
                return false;
            }
            entries.put(reference, new Entry(reference, transport, identity, types));
            arrivals.incrementAndGet();
            return true;
        } catch (RuntimeException e) {
            log.log(Level.ERROR, "transport of " + Provider.of(reference) + " failed to describe itself: "
                    + Failures.describe(e) + "; not used");
            return false;
        }
    }

    /** @return how many transports were taken so far: a change says that a waiting message may now go */
    int arrivals() {
        return arrivals.get();
    }

    void remove(ServiceReference<Transport> reference) {
        entries.remove(reference);
    }

    /**
     * @return the transports taken now: a drain sends only through these, so that one that
     *         comes in the middle of it serves the next drain, which starts from the oldest
     */
    Set<Entry> present() {
        return Set.copyOf(entries.values());
    }

    /**
     * @param among the transports a drain started with ({@link #present()})
     * @return the transport for an address type among those still here: the highest service
     *         ranking, then the oldest service
     */
    Optional<Entry> forType(String addressType, Set<Entry> among) {
        return entries.values().stream().filter(among::contains).filter(e -> e.addressTypes.contains(addressType))
                .max(Comparator.comparingInt((Entry e) -> ranking(e.reference))
                        .thenComparing(e -> -((Long) e.reference.getProperty(Constants.SERVICE_ID))));
    }

    List<TaskStatus> snapshot() {
        List<TaskStatus> rows = new ArrayList<>();
        for (Entry e : entries.values()) {
            rows.add(e.status());
        }
        rows.sort(Comparator.comparing(TaskStatus::name).thenComparing(TaskStatus::id));
        return rows;
    }

    private static int ranking(ServiceReference<?> reference) {
        return reference.getProperty(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    static TaskError error(Status status, String text) {
        return new TaskError(status, text, Instant.now());
    }
}
