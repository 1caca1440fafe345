package dev.mapisync.store.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mapisync.api.Status;
import dev.mapisync.api.sync.SyncFlag;
import dev.mapisync.store.local.LocalStore;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS certificates are verified: a server with a certificate nobody vouches for is refused, with a clear reason, at once. */
class CertificateTest {

    @TempDir
    Path data;

    @Test
    void anUntrustedCertificateIsRefusedWithoutRetrying() throws Exception {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAPS).dynamicPort());
        greenMail.start();
        greenMail.setUser("ada@example.org", Harness.USER, Harness.PASSWORD);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        LocalStore local = Harness.localStore(data);
        try {
            TestConfig config = new TestConfig();
            config.security = "TLS";
            config.port = greenMail.getImaps().getPort();
            ImapAccountStore account = new ImapAccountStore(config, local);
            Harness.Recorder recorder = new Harness.Recorder();
            Status status = Harness.sync(local, executor, account, recorder,
                    EnumSet.of(SyncFlag.DOWNLOAD_HIERARCHY, SyncFlag.DOWNLOAD_CONTENTS));
            assertEquals(Status.PROTOCOL, status, recorder.errors.toString());
            assertTrue(recorder.errors.get(0).contains("is not trusted"), recorder.errors.toString());
            assertTrue(recorder.steps.stream().noneMatch(s -> s.startsWith("Connection lost")), "not retried");
        } finally {
            executor.shutdownNow();
            local.close();
            greenMail.stop();
        }
    }
}
