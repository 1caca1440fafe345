package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.LocalStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password that ConfigAdmin could not resolve (the text {@code $[secret:...]} left in place)
 * is never sent: the sync ends LOGON saying why, and no connection to the server is made.
 */
class UnresolvedSecretTest {

    @TempDir
    Path data;

    @Test
    void anUnresolvedPasswordEndsTheSyncLogonWithoutReachingTheServer() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        LocalStore local = Harness.localStore(data);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            executor.execute(() -> {
                // Counts whoever connects; a client that did would wait for a greeting and time out.
                for (int i = 0; i < 100 && !server.isClosed(); i++) {
                    try (Socket client = server.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            TestConfig config = new TestConfig();
            config.port = server.getLocalPort();
            config.password = "$[secret:imap-work]";
            ImapAccountStore account = new ImapAccountStore(config, local);
            Harness.Recorder recorder = new Harness.Recorder();
            Status status = Harness.sync(local, executor, account, recorder,
                    EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS));
            assertEquals(Status.LOGON, status, recorder.errors.toString());
            assertTrue(recorder.errors.get(0).contains("password is $[secret:imap-work], which ConfigAdmin did not "
                    + "resolve"), recorder.errors.toString());
            assertEquals(0, connections.get(), "the server was never reached");
        } finally {
            executor.shutdownNow();
            local.close();
        }
    }
}
