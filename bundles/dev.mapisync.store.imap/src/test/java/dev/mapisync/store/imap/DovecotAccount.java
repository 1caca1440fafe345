package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mapisync.api.Status;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.DovecotServer;
import dev.mapisync.store.local.LocalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * What the tests against a real Dovecot share: Dovecot on 127.0.0.1 serving a mailbox a test
 * seeded, the real default store for the replica, and the IMAP store of one account on it,
 * synchronized as the host would.
 */
final class DovecotAccount implements AutoCloseable {

    /** Seeds the mailbox Dovecot will serve: a default store's data folder, {@code <seed>/default} served. */
    @FunctionalInterface
    interface Seeding {
        void seed(Path seed) throws Exception;
    }

    final LocalStore local;
    final DovecotServer dovecot;
    private final Path folders;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private ImapAccountStore account;

    /** Seeds a mailbox in a temporary folder of its own, serves it, and keeps the replica beside it. */
    DovecotAccount(Seeding seeding) throws Exception {
        folders = Files.createTempDirectory("mapisync-dovecot-account");
        // Dovecot's unprivileged processes must pass through it (a temporary folder is 0700).
        Files.setPosixFilePermissions(folders, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path seed = Files.createDirectories(folders.resolve("seed"));
        seeding.seed(seed);
        local = Harness.localStore(folders.resolve("data"));
        dovecot = DovecotServer.start(seed.resolve("default"), Files.createDirectories(folders.resolve("work")));
    }

    /** @return the account of this configuration, which the syncs use from now on */
    ImapAccountStore use(TestConfig config) throws Exception {
        if (account != null) {
            account.deactivate();
        }
        account = new ImapAccountStore(config, local);
        return account;
    }

    /** Syncs in the given directions, expecting {@code expected}. @return what the sync reported */
    Harness.Recorder sync(Status expected, Set<SyncFlag> flags) throws Exception {
        Harness.Recorder recorder = new Harness.Recorder();
        assertEquals(expected, Harness.sync(local, executor, account, recorder, flags),
                recorder.errors + "\n" + dovecot.diagnostics());
        return recorder;
    }

    Replica replica() throws Exception {
        return local.replica(account.identity());
    }

    /** @return the replica's Maildir++ root (its Inbox; a folder {@code .Name} beside), as other mail software sees it */
    Path replicaFiles() {
        return dev.mapisync.store.local.LocalStores.replicaRoot(folders.resolve("data"), account.identity().id());
    }

    /** @return the folder the replica's data lives in, for a forked sync */
    Path data() {
        return folders.resolve("data");
    }

    @Override
    public void close() throws Exception {
        if (account != null) {
            account.deactivate();
        }
        executor.shutdownNow();
        local.close();
        dovecot.close();
        try (Stream<Path> all = Files.walk(folders)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
