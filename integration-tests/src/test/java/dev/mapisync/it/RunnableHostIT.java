package dev.mapisync.it;

import static org.junit.Assert.assertTrue;

import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import dev.mapisync.it.providers.WellBehavedStore;
import java.io.InputStream;
import org.junit.Test;

/**
 * The executable jar as a user starts it, in an empty folder: it comes up with no account,
 * says where provider jars and account files go, answers in its shell, reports a malformed
 * account file with its name and line, turns a correct one into a store, and starts a
 * provider jar dropped into deploy/.
 */
public class RunnableHostIT {

    @Test
    public void startsEmptyAndTakesAccountFilesAndProviders() throws Exception {
        try (RunnableHost host = new RunnableHost("-Dorg.osgi.service.http.port=" + RunnableHost.freePort())) {
            host.awaitReady();
            assertTrue("it says where jars and account files go: " + host.output, host.seen("mapisync host ready",
                    host.home.resolve("deploy").toString(), host.home.resolve("etc").toString()));
            // The shell's commands register a moment after the host: ask again until they answer.
            host.ask("mapisync:stores", "no store syncs here yet");

            host.write("etc/dev.mapisync.store.imap-work.cfg", "account = work\nhost = 127.0.0.1\nport = abc\nsecurity = NONE\n");
            Await.until("a malformed account file is reported with its name and line",
                    () -> host.seen("etc/dev.mapisync.store.imap-work.cfg line 3", "the value of 'port' is not a whole number"), () -> host.output);

            host.write("etc/dev.mapisync.store.imap-work.cfg", "account = work\nhost = 127.0.0.1\nport = 1\nsecurity = NONE\n"
                    + "user = alice\npassword = not-in-any-log\nmapisync.sync.interval = 0\n");
            Await.until("a correct one becomes a store", () -> host.seen("[imap:work]", "discovered"), () -> host.output);
            host.ask("mapisync:stores", "imap:work", "dev.mapisync.store.imap");
            assertTrue("the password is in no output", host.output.stream().noneMatch(l -> l.contains("not-in-any-log")));

            try (InputStream jar = TestBundles.providerJar("test.store.dropped", "1.0.0", WellBehavedStore.class,
                    TestStore.class, TestHandle.class)) {
                host.deploy("provider.jar", jar);
            }
            host.ask("mapisync:stores", "WellBehavedStore", "test.store.dropped 1.0.0");
        }
    }
}
