package dev.mapisync.store.imap;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mapisync.api.Status;
import dev.mapisync.api.store.MessageStore;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncProgressCallback;
import dev.mapisync.api.sync.SyncRequest;
import dev.mapisync.api.sync.SyncSession;
import dev.mapisync.store.local.LocalStore;
import dev.mapisync.store.local.LocalStores;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What the IMAP tests share: GreenMail on 127.0.0.1 with one user, the real default store
 * for the replica, a plain IMAP client to change the server behind the store's back, and a
 * recording callback in place of the host's.
 */
final class Harness implements AutoCloseable {

    static final String USER = "ada";
    static final String PASSWORD = "secret";

    final GreenMail greenMail;
    final LocalStore local;
    final ExecutorService executor = Executors.newFixedThreadPool(2);

    Harness(Path data) throws Exception {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        greenMail.start();
        greenMail.setUser("ada@example.org", USER, PASSWORD);
        local = localStore(data);
    }

    /** The real default store at {@code data}. */
    static LocalStore localStore(Path data) throws Exception {
        return LocalStores.at(data);
    }

    int port() {
        return greenMail.getImap().getPort();
    }

    ImapAccountStore account(String password) throws Exception {
        TestConfig config = new TestConfig();
        config.port = port();
        config.password = password;
        return new ImapAccountStore(config, local);
    }

    Replica replica(ImapAccountStore account) throws Exception {
        return local.replica(account.identity());
    }

    /** A plain IMAP client on the server, to change it behind the store's back. */
    Store client() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.imap.host", "127.0.0.1");
        properties.setProperty("mail.imap.port", Integer.toString(port()));
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect(USER, PASSWORD);
        return store;
    }

    Folder folder(Store client, String name) throws Exception {
        Folder folder = client.getFolder(name);
        if (!folder.exists()) {
            folder.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS);
        }
        return folder;
    }

    /** A callback that records, as the host's would receive them. */
    static class Recorder implements SyncProgressCallback {
        final List<String> steps = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<Status> done = new CopyOnWriteArrayList<>();
        volatile long lastIndexMax;

        @Override
        public void progress(String step, long index, long indexMax) {
            if (index < 0 || index > indexMax) {
                throw new AssertionError("progress " + index + " of " + indexMax);
            }
            lastIndexMax = indexMax;
            steps.add(step + " " + index + "/" + indexMax);
        }

        @Override
        public void error(Status status, String text) {
            errors.add(status.name() + ": " + text);
        }

        @Override
        public void done(Status status) {
            done.add(status);
        }
    }

    /** Runs one sync to its end (bounded) and returns its status. */
    Status sync(ImapAccountStore account, Recorder recorder, Set<SyncFlag> flags) throws Exception {
        return sync(local, executor, account, recorder, flags);
    }

    /** Runs one sync of an account whose replica is in {@code local}, as the host would, and returns its status. */
    static Status sync(LocalStore local, java.util.concurrent.Executor executor, ImapAccountStore account,
            Recorder recorder, Set<SyncFlag> flags) throws Exception {
        var handle = account.synchronizeInBackground(
                SyncRequest.builder().flags(flags).session(session(local, executor, account)).callback(recorder).build());
        Status status = handle.completion().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (recorder.done.size() != 1 || recorder.done.get(0) != status) {
            throw new AssertionError("done exactly once with the handle's status: " + recorder.done + " / " + status);
        }
        return status;
    }

    /** @return the session the host would lend a sync of {@code account}: the default store, its replica, the executor */
    static SyncSession session(LocalStore local, java.util.concurrent.Executor executor, ImapAccountStore account)
            throws Exception {
        return session(local, executor, local.replica(account.identity()));
    }

    /** @return such a session lending {@code replica} (one a test wraps, say) */
    static SyncSession session(LocalStore local, java.util.concurrent.Executor executor, Replica replica) {
        return new SyncSession() {
            @Override
            public MessageStore defaultStore() {
                return local;
            }

            @Override
            public Replica replica() {
                return replica;
            }

            @Override
            public java.util.concurrent.Executor executor() {
                return executor;
            }
        };
    }

    @Override
    public void close() throws Exception {
        executor.shutdownNow();
        local.close();
        greenMail.stop();
    }
}
