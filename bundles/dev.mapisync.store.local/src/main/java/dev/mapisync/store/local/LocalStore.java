package dev.mapisync.store.local;

import dev.mapisync.api.Identity;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.store.ReplicaStorage;
import dev.mapisync.api.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The default store ({@code <data>/default}, with the well-known folders) and the storage of
 * every remote store's replica ({@code <data>/replicas/<owner>}), both Maildir++.
 * Configuration PID {@code dev.mapisync.store.local}.
 */
@Component(service = {MessageStore.class, ReplicaStorage.class}, configurationPid = LocalStore.PID,
        property = MessageStore.DEFAULT_STORE_PROPERTY + ":Boolean=true")
@Designate(ocd = LocalStoreConfig.class)
public final class LocalStore extends MaildirStore implements ReplicaStorage {

    static final String PID = "dev.mapisync.store.local";

    /**
     * A replica unused this long has its listing index parked (closed cleanly, opened again at
     * the next use, in a few milliseconds): short, as each open index holds about 1 MB of H2's
     * write buffers, and a round of 1,000 accounts had 40 of them open at once, synced in the
     * last 10 s, when this was 10 s.
     */
    static final long IDLE_MILLIS = 2_000;

    private final Path replicasDirectory;
    private final Map<String, MaildirStore> replicas = new ConcurrentHashMap<>();
    /** One thread for all replicas, looking for idle ones now and then. */
    private final ScheduledExecutorService idleCheck;

    @Activate
    public LocalStore(LocalStoreConfig config) throws StoreException {
        this(Path.of(config.dataDirectory() == null || config.dataDirectory().isBlank() ? "./data"
                : config.dataDirectory().trim()).toAbsolutePath().normalize());
    }

    LocalStore(Path data) throws StoreException {
        super(new Identity("local", "Local folders"), data.resolve("default"), StoreRole.DEFAULT_STORE);
        openIndexNow();
        this.replicasDirectory = data.resolve("replicas");
        this.idleCheck = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mapisync-replicas-idle");
            thread.setDaemon(true);
            return thread;
        });
        idleCheck.scheduleWithFixedDelay(() -> parkIdle(IDLE_MILLIS), IDLE_MILLIS / 4, IDLE_MILLIS / 4, TimeUnit.MILLISECONDS);
    }

    /**
     * Parks the listing index of each replica nothing used for {@code idleMillis}: an idle
     * account then holds next to no memory (its index's caches and buffers go until its next
     * sync or read opens it again).
     *
     * @return how many were parked now
     */
    int parkIdle(long idleMillis) {
        int parked = 0;
        for (MaildirStore replica : replicas.values()) {
            if (replica.parkIfIdle(idleMillis)) {
                parked++;
            }
        }
        return parked;
    }

    @Override
    public Replica replica(Identity owner) throws StoreException {
        try {
            return replicas.computeIfAbsent(owner.id(), id -> {
                try {
                    return new MaildirStore(owner, replicasDirectory.resolve(directoryName(id)), StoreRole.REPLICA);
                } catch (StoreException e) {
                    throw new OpenFailure(e);
                }
            });
        } catch (OpenFailure e) {
            throw e.failure;
        }
    }

    /** Carries a checked failure out of computeIfAbsent. */
    private static final class OpenFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient StoreException failure;

        OpenFailure(StoreException failure) {
            super(failure);
            this.failure = failure;
        }
    }

    /** A directory name for an owner id: itself when short and plain, else its SHA-256. */
    static String directoryName(String ownerId) {
        if (ownerId.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")) {
            return ownerId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ownerId.getBytes(StandardCharsets.UTF_8));
            return "id-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Deactivate
    void deactivate() {
        close();
    }

    /** Closes the default store and every replica opened through it. */
    @Override
    public void close() {
        idleCheck.shutdownNow();
        replicas.values().forEach(MaildirStore::close);
        super.close();
    }
}
