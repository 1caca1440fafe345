package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.mapisync.it.providers.ConfigurationKeeper;
import dev.mapisync.it.providers.StubbornStore;
import dev.mapisync.it.providers.TestHandle;
import dev.mapisync.it.providers.TestStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.Test;

/**
 * The runnable host ends as a user ends it: SIGTERM (a service manager, {@code kill}) and
 * SIGINT (Ctrl-C) stop the framework, so the stores close their files cleanly (the default
 * store leaves its index marked as saved); a provider that does not let go cannot keep the
 * process alive past the stated limit. After a kill -9 the Outbox journal and ConfigAdmin's
 * store are still there.
 */
public class HostStopIT {

    private static final String INDEX_SAVED = "data/default/mapisync-index.mv.db.clean";

    @Test
    public void sigtermStopsTheHostAndTheStoresCloseCleanly() throws Exception {
        stopsCleanlyOn("TERM");
    }

    @Test
    public void sigintStopsTheHostAndTheStoresCloseCleanly() throws Exception {
        stopsCleanlyOn("INT");
    }

    private void stopsCleanlyOn(String signal) throws Exception {
        try (RunnableHost host = new RunnableHost("-Dorg.osgi.service.http.port=" + RunnableHost.freePort())) {
            host.awaitReady();
            host.awaitStoppable();
            assertFalse("a running store's index is not marked as saved", Files.exists(host.home.resolve(INDEX_SAVED)));
            host.signal(signal);
            host.awaitExit(Duration.ofSeconds(30));
            assertTrue("it says it stopped: " + host.output, host.seen("mapisync: host stopped in"));
            assertTrue("the default store closed cleanly", Files.exists(host.home.resolve(INDEX_SAVED)));
        }
    }

    @Test
    public void aProviderThatHangsCannotKeepTheProcessAlivePastTheLimit() throws Exception {
        try (RunnableHost host = new RunnableHost("-Dorg.osgi.service.http.port=" + RunnableHost.freePort())) {
            host.awaitReady();
            host.awaitStoppable();
            host.write("etc/dev.mapisync.launch.cfg", "stopTimeoutSeconds = 2\n");
            Await.until("the stop timeout applies", Duration.ofSeconds(30),
                    () -> host.seen("etc/dev.mapisync.launch.cfg applied"), () -> host.output);
            try (InputStream jar = TestBundles.providerJar("test.store.stubborn", "1.0.0", StubbornStore.class,
                    TestStore.class, TestHandle.class)) {
                host.deploy("stubborn.jar", jar);
            }
            host.ask("mapisync:stores", "StubbornStore", "test.store.stubborn 1.0.0");
            long start = System.nanoTime();
            host.signal("TERM");
            int exit = host.awaitExit(Duration.ofSeconds(20));
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue("it says why it ends anyway: " + host.output,
                    host.seen("the host did not stop within 2 s; ending anyway"));
            assertEquals("an exit that says the stop was not clean", 1, exit);
            assertTrue("within the limit and a margin, not the provider's ten minutes: " + seconds + " s", seconds < 15);
        }
    }

    @Test
    public void aJournalDirectoryNamedInEtcAppliesAtOnceAndTheRecordsMoveThere() throws Exception {
        try (RunnableHost host = new RunnableHost("-Dorg.osgi.service.http.port=" + RunnableHost.freePort())) {
            host.awaitReady();
            // Queued as a mail program queues it, to an address type no transport serves: it waits, with a record.
            Path outbox = host.home.resolve("data/default/.Outbox");
            Await.until("the default store is open", Duration.ofSeconds(30), () -> Files.isDirectory(outbox.resolve("new")),
                    () -> host.output);
            Path staged = host.home.resolve("1796000000.M1P1Q1.test");
            Files.writeString(staged, "From: ada@example.org\r\nX-Mapisync-Recipient: PAGER:4711\r\nSubject: waits\r\n"
                    + "\r\nFor a pager.\r\n");
            Files.move(staged, outbox.resolve("new").resolve(staged.getFileName()));
            // The host drained the Outbox when the default store came; a file dropped in is sent at the next Send/Receive.
            host.ask("mapisync:sync --send --detach", "Send/Receive started");
            Path before = host.home.resolve("data/outbox");
            Await.until("the waiting message has its record", Duration.ofSeconds(30), () -> records(before) == 1,
                    () -> host.output);
            Path after = host.home.resolve("journal");
            host.write("etc/dev.mapisync.host.cfg", "outboxJournalDirectory = " + after + "\n");
            Await.until("the record moves to the directory the file names, without a restart", Duration.ofSeconds(30),
                    () -> records(after) == 1 && records(before) == 0, () -> host.output);
            // The log line comes after the move.
            Await.until("and the host says so", Duration.ofSeconds(30),
                    () -> host.seen("the outbox journal moved from", after.toString()), () -> host.output);
            assertFalse("no restart asked for", host.seen("changes only when the host restarts"));
        }
    }

    @Test
    public void aJournalDirectoryNamedInEtcHoldsTheRecordsFromTheFirstMomentAfterAKill() throws Exception {
        Path home;
        Path journal;
        try (RunnableHost host = new RunnableHost("-Dorg.osgi.service.http.port=" + RunnableHost.freePort())) {
            host.awaitReady();
            home = host.home;
            journal = home.resolve("journal");
            host.write("etc/dev.mapisync.host.cfg", "outboxJournalDirectory = " + journal + "\n");
            Await.until("the journal directory applies", Duration.ofSeconds(30),
                    () -> host.seen("the outbox journal moved from", journal.toString()), () -> host.output);
            Path outbox = home.resolve("data/default/.Outbox");
            Path staged = home.resolve("1796000000.M1P1Q1.test");
            Files.writeString(staged, "From: ada@example.org\r\nX-Mapisync-Recipient: PAGER:4711\r\nSubject: waits\r\n"
                    + "\r\nFor a pager.\r\n");
            Files.move(staged, outbox.resolve("new").resolve(staged.getFileName()));
            host.ask("mapisync:sync --send --detach", "Send/Receive started");
            Await.until("the waiting message has its record there", Duration.ofSeconds(30), () -> records(journal) == 1,
                    () -> host.output);
            host.signal("KILL");
            host.awaitExit(Duration.ofSeconds(10));
        }
        try (RunnableHost again = new RunnableHost(home, "-Dorg.osgi.service.http.port=" + RunnableHost.freePort())) {
            again.awaitReady();
            // A second message, queued after the restart: the drain that holds it passed the first (oldest first).
            Path staged = home.resolve("1796000000.M2P1Q2.test");
            Files.writeString(staged, "From: ada@example.org\r\nX-Mapisync-Recipient: PAGER:4712\r\nSubject: later\r\n"
                    + "\r\nFor a pager.\r\n");
            Files.move(staged, home.resolve("data/default/.Outbox/new").resolve(staged.getFileName()));
            again.ask("mapisync:sync --send --detach", "Send/Receive started");
            Await.until("a drain held the second one", Duration.ofSeconds(30),
                    () -> again.seen("1796000000.M2P1Q2.test stays in the Outbox (WAITING)"), () -> again.output);
            assertFalse("the first one's record was found where etc/ says, not made anew: " + again.output,
                    again.seen("1796000000.M1P1Q1.test stays in the Outbox"));
            assertEquals("both records are where etc/ says", 2, records(journal));
            assertEquals("and the drain at the start did not begin a second journal", 0, records(home.resolve("data/outbox")));
            assertFalse("no conflict of two journals: " + again.output, again.seen("holds outbox records already"));
        }
    }

    private static long records(Path directory) {
        try (var files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".outbox")).count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    public void theOutboxJournalAndConfigAdminsStoreSurviveAKillAndARestart() throws Exception {
        Path home;
        try (RunnableHost host = new RunnableHost("-Dorg.osgi.service.http.port=" + RunnableHost.freePort())) {
            host.awaitReady();
            home = host.home;
            assertTrue("the journal lives in data/, not in the framework's cache",
                    Files.isDirectory(home.resolve("data/outbox")));
            Files.writeString(home.resolve("data/outbox/marker.outbox.tmp"), "left by the test");
            try (InputStream jar = TestBundles.providerJar("test.configuration.keeper", "1.0.0",
                    ConfigurationKeeper.class)) {
                host.deploy("keeper.jar", jar);
            }
            Await.until("the bundle keeps a configuration", Duration.ofSeconds(30), () -> host.seen("test.kept: made"),
                    () -> host.output);
            host.signal("KILL");
            host.awaitExit(Duration.ofSeconds(10));
        }
        try (RunnableHost again = new RunnableHost(home, "-Dorg.osgi.service.http.port=" + RunnableHost.freePort())) {
            again.awaitReady();
            assertTrue("what the journal held is there after the restart",
                    Files.exists(home.resolve("data/outbox/marker.outbox.tmp")));
            Await.until("the configuration made through ConfigAdmin is there after the kill and the restart",
                    Duration.ofSeconds(30), () -> again.seen("test.kept: found at-the-first-start"), () -> again.output);
            assertFalse("and the bundle did not make it anew", again.seen("test.kept: made"));
        }
    }
}
