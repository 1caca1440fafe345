package dev.mapisync.store.imap;

import static dev.mapisync.store.imap.DovecotMailbox.compare;
import static dev.mapisync.store.imap.DovecotMailbox.config;
import static dev.mapisync.store.imap.DovecotMailbox.multipart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.Replica;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncRequest;
import dev.mapisync.api.sync.SyncSession;
import dev.mapisync.store.local.LocalStore;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An OutOfMemoryError in one account's sync, thrown where the heap runs out in practice (a
 * writer storing a message, a connection's worker planning a folder), while another account
 * of the same host syncs beside it: the hurt sync ends PROVIDER_FAULT and says why, gives the
 * host's budget back (message bytes, connections), and the calm one ends SUCCESS with every
 * message. The hurt account's next sync brings its replica to the server's state: nothing
 * missing, nothing twice.
 */
class OneAccountFailsTest {

    private static final Set<SyncFlag> DOWN = EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS);
    private static final int PER_FOLDER = 6;

    @ParameterizedTest(name = "out of memory in {0}")
    @ValueSource(strings = {"applyRemoteAppend", "remoteIds"})
    void anOutOfMemoryErrorEndsOneAccountsSyncAndHurtsNoOther(String where) throws Exception {
        Map<String, FolderPath> byServerName = DovecotMailbox.inboxAndFolders(5);
        List<FolderPath> folders = List.copyOf(byServerName.values());
        ExecutorService executor = Executors.newFixedThreadPool(6);
        try (DovecotAccount mail = new DovecotAccount(seed -> seed(seed, folders))) {
            ImapBudget budget = new ImapBudget(6, 24L * 1024 * 1024);
            ImapAccountStore hurt = account("hurt", mail, budget);
            ImapAccountStore calm = account("calm", mail, budget);
            AtomicInteger calls = new AtomicInteger();
            Replica real = mail.local.replica(hurt.identity());
            Replica failing = (Replica) Proxy.newProxyInstance(Replica.class.getClassLoader(), new Class<?>[] {Replica.class},
                    (proxy, method, args) -> {
                        // A writer's third store; or the first folder a helper connection (not the sync's own) plans.
                        boolean writer = where.equals("applyRemoteAppend");
                        boolean there = writer || Thread.currentThread().getName().matches("mapisync-imap-hurt-\\d+");
                        if (method.getName().equals(where) && there && calls.incrementAndGet() == (writer ? 3 : 1)) {
                            throw new OutOfMemoryError("Java heap space (thrown by the test)");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });

            Harness.Recorder hurtRecorder = new Harness.Recorder();
            Harness.Recorder calmRecorder = new Harness.Recorder();
            CompletableFuture<Status> hurtSync = start(hurt, Harness.session(mail.local, executor, failing), hurtRecorder);
            CompletableFuture<Status> calmSync = start(calm, Harness.session(mail.local, executor,
                    mail.local.replica(calm.identity())), calmRecorder);
            assertEquals(Status.PROVIDER_FAULT, hurtSync.get(60, TimeUnit.SECONDS), hurtRecorder.errors.toString());
            assertTrue(hurtRecorder.errors.stream().anyMatch(e -> e.contains("out of memory")), hurtRecorder.errors.toString());
            assertEquals(Status.SUCCESS, calmSync.get(60, TimeUnit.SECONDS), calmRecorder.errors.toString());
            assertEquals(0, budget.messageBytes().held(), "the hurt sync gave back every message byte it held");
            int messages = folders.size() * PER_FOLDER;
            assertEquals(messages, compare(mail.dovecot, mail.local.replica(calm.identity()), byServerName));

            Harness.Recorder again = new Harness.Recorder();
            assertEquals(Status.SUCCESS, start(hurt, Harness.session(mail.local, executor, failing), again).get(60, TimeUnit.SECONDS),
                    again.errors.toString());
            assertEquals(messages, compare(mail.dovecot, real, byServerName), "nothing missing, nothing twice");
            hurt.deactivate();
            calm.deactivate();
            assertEquals(0, budget.connections().used(), "every connection given back");
        } finally {
            executor.shutdownNow();
        }
    }

    private static ImapAccountStore account(String name, DovecotAccount mail, ImapBudget budget) throws Exception {
        TestConfig config = config(mail.dovecot.port());
        config.account = name;
        config.connections = 3;
        return new ImapAccountStore(config, mail.local, budget);
    }

    private static void seed(Path seed, List<FolderPath> folders) throws Exception {
        LocalStore seeded = Harness.localStore(seed);
        int n = 100;
        for (FolderPath folder : folders) {
            if (!folder.equals(FolderPath.of("Inbox"))) {
                seeded.createFolder(folder);
            }
            for (int i = 0; i < PER_FOLDER; i++) {
                seeded.appendMessage(folder, new ByteArrayInputStream(multipart(n++, 20_000)), Set.of());
            }
        }
        seeded.close();
    }

    private static CompletableFuture<Status> start(ImapAccountStore account, SyncSession session, Harness.Recorder recorder) {
        return account.synchronizeInBackground(SyncRequest.builder().flags(DOWN).session(session).callback(recorder).build())
                .completion().toCompletableFuture();
    }
}
