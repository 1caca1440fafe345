package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.api.sync.SyncHandle;
import dev.mapisync.api.sync.SyncRequest;
import dev.mapisync.store.local.LocalStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that logs the account in and then says nothing more: a cancel ends the sync within
 * a second, not after the read timeout (30 s here).
 */
class SilentCancelTest {

    @TempDir
    Path data;

    @Test
    void aCancelEndsTheSyncWithinASecondThoughTheServerWentSilent() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        LocalStore local = Harness.localStore(data);
        CountDownLatch silent = new CountDownLatch(1);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            executor.execute(() -> serveUntilLogin(server, silent));
            TestConfig config = new TestConfig();
            config.port = server.getLocalPort();
            config.timeoutMillis = 30_000;
            config.connections = 1;
            ImapAccountStore account = new ImapAccountStore(config, local);
            Harness.Recorder recorder = new Harness.Recorder();
            SyncHandle handle = account.synchronizeInBackground(SyncRequest.builder()
                    .flags(EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS))
                    .session(Harness.session(local, executor, account)).callback(recorder).build());
            assertTrue(silent.await(10, TimeUnit.SECONDS), "the sync is waiting on the silent server");
            long start = System.nanoTime();
            handle.cancel();
            Status status = handle.completion().toCompletableFuture().get(1, TimeUnit.SECONDS);
            assertEquals(Status.CANCELLED, status, recorder.errors.toString());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 1000, "the cancel and the end took " + millis + " ms");
        } finally {
            executor.shutdownNow();
            local.close();
        }
    }

    /** Greets, answers CAPABILITY and LOGIN, then reads and never answers again (one connection; bounded). */
    private static void serveUntilLogin(ServerSocket server, CountDownLatch silent) {
        try (Socket client = server.accept(); BufferedReader in = new BufferedReader(new InputStreamReader(
                client.getInputStream(), StandardCharsets.US_ASCII)); OutputStream out = client.getOutputStream()) {
            out.write("* OK [CAPABILITY IMAP4rev1] silent soon\r\n".getBytes(StandardCharsets.US_ASCII));
            boolean loggedIn = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] parts = line.split(" ", 3);
                String verb = parts.length > 1 ? parts[1].toUpperCase(java.util.Locale.ROOT) : "";
                if (verb.equals("CAPABILITY")) {
                    out.write(("* CAPABILITY IMAP4rev1\r\n" + parts[0] + " OK done\r\n").getBytes(StandardCharsets.US_ASCII));
                } else if (verb.equals("LOGIN")) {
                    out.write((parts[0] + " OK [CAPABILITY IMAP4rev1] in\r\n").getBytes(StandardCharsets.US_ASCII));
                    loggedIn = true;
                } else if (loggedIn) {
                    silent.countDown();
                } else {
                    out.write((parts[0] + " BAD not here\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
        } catch (IOException e) {
            // The client went.
        }
    }
}
