package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One home of the runnable host for a chaos case: started, restarted, driven through its JSON
 * API, and stopped the way the case says (kill -9 or SIGTERM) at the moment it picks.
 */
final class ChaosHost implements AutoCloseable {

    static final String STORE = "imap:chaos";
    static final String TRANSPORT = "smtp:chaos";
    private static final Duration SYNC_BOUND = Duration.ofSeconds(120);

    private final Path home;
    private final int port;
    private final boolean withStore;
    private RunnableHost host;
    private HostApi api;
    /** What each stopped host said. */
    private final java.util.List<String> stopped = new java.util.ArrayList<>();

    /**
     * Writes the account files of the case's home: the IMAP account (none if {@code imapPort}
     * is 0) and the SMTP transport.
     */
    ChaosHost(Path home, int imapPort, int smtpPort) throws IOException {
        this.home = home;
        this.port = RunnableHost.freePort();
        this.withStore = imapPort > 0;
        java.nio.file.Files.createDirectories(home.resolve("etc"));
        if (withStore) {
            java.nio.file.Files.writeString(home.resolve("etc/dev.mapisync.store.imap-chaos.cfg"), String.join("\n",
                    "account = chaos", "host = 127.0.0.1", "port = " + imapPort, "security = NONE",
                    "user = " + dev.mapisync.store.local.DovecotServer.USER,
                    "password = " + dev.mapisync.store.local.DovecotServer.PASSWORD, "mapisync.sync.interval = 0", ""));
        }
        java.nio.file.Files.writeString(home.resolve("etc/dev.mapisync.transport.smtp-chaos.cfg"), String.join("\n",
                "account = chaos", "host = 127.0.0.1", "port = " + smtpPort, "security = NONE", ""));
        java.nio.file.Files.writeString(home.resolve("etc/dev.mapisync.host.cfg"), String.join("\n",
                "defaultIntervalSeconds = 0", "outboxRetryBaseMillis = 500", "outboxRetryMaxMillis = 2000", ""));
    }

    Path home() {
        return home;
    }

    /** Starts the host in the home (again, after a stop) and waits until its store and transport serve. */
    void start() throws IOException {
        host = new RunnableHost(home, "-Dorg.osgi.service.http.port=" + port);
        api = new HostApi(port);
        host.awaitReady();
        host.awaitStoppable();
        Await.until("the IMAP store and the SMTP transport serve", Duration.ofSeconds(60),
                () -> (!withStore || api.task(STORE).isPresent()) && api.task(TRANSPORT).isPresent(), () -> host.output);
    }

    HostApi api() {
        return api;
    }

    /** @return the store's row now */
    Map<String, Object> store() {
        return api.task(STORE).orElseThrow(() -> new AssertionError("the host has no store " + STORE + ": " + host.output));
    }

    boolean running() {
        return api.task(STORE).map(t -> "RUNNING".equals(t.get("state")) || "QUEUED".equals(t.get("state")))
                .orElse(false);
    }

    /** Starts a sync of the store and returns once it runs (or already ended). @return the last run's start before it */
    String startSync() throws IOException, InterruptedException {
        String before = HostApi.lastRunStarted(store());
        api.sync(STORE);
        Await.until("the sync starts", SYNC_BOUND, () -> running() || !HostApi.lastRunStarted(store()).equals(before),
                () -> store());
        return before;
    }

    /** Runs a sync to its end. @return its status */
    String sync() throws IOException, InterruptedException {
        String before = startSync();
        Await.until("the sync ends", SYNC_BOUND, () -> !running() && !HostApi.lastRunStarted(store()).equals(before),
                this::store);
        return HostApi.lastRunStatus(store());
    }

    /** Syncs until two syncs in a row succeed, the second with nothing to download (at most six). */
    void syncUntilQuiet(String what) throws IOException, InterruptedException {
        boolean succeeded = false;
        for (int i = 0; i < 6; i++) {
            String status = sync();
            boolean nothingToDo = HostApi.number(store(), "indexMax") == 0;
            if (succeeded && "SUCCESS".equals(status) && nothingToDo) {
                return;
            }
            succeeded = "SUCCESS".equals(status);
        }
        throw new AssertionError(what + ": the syncs do not come to rest: " + store());
    }

    /**
     * Waits until {@code when} holds or {@code bound} passed, then stops the host as
     * {@code signal} says (KILL or TERM) and waits for the process to end.
     *
     * @return whether the store's sync was still under way at the moment of the signal
     */
    boolean stopWhen(BooleanSupplier when, Duration bound, String signal) throws IOException, InterruptedException {
        return stopWhen(when, bound, signal, this::running);
    }

    /** As {@link #stopWhen(BooleanSupplier, Duration, String)}, with what "under way" means for the case. @return it */
    boolean stopWhen(BooleanSupplier when, Duration bound, String signal, BooleanSupplier underWayNow)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!when.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        boolean underWay = underWayNow.getAsBoolean();
        host.signal(signal);
        int exit = host.awaitExit(Duration.ofSeconds(30));
        stopped.add(String.join("\n", host.output));
        if (!signal.equals("KILL")) {
            assertTrue("SIG" + signal + " stops the host cleanly: " + host.output, host.seen("mapisync: host stopped in"));
            assertEquals("and the process ends as a JVM does on SIG" + signal, signal.equals("INT") ? 130 : 143, exit);
        }
        host.close();
        host = null;
        return underWay;
    }

    /** Stops the host with SIGTERM, as a user would between two steps of a case. */
    void stop() throws IOException, InterruptedException {
        stopWhen(() -> true, Duration.ZERO, "TERM");
    }

    /** Waits until nothing in the Outbox waits for a drain: each message sent, or held. */
    void awaitOutboxAtRest() {
        Await.until("the Outbox comes to rest", Duration.ofSeconds(120), () -> {
            try {
                return api.outbox().stream().noneMatch(e -> !"FAILED".equals(e.get("state")));
            } catch (Exception e) {
                return false;
            }
        }, () -> {
            try {
                return "outbox " + api.outbox() + "\n" + output();
            } catch (Exception e) {
                return output();
            }
        });
    }

    /** @return the store's current step, "" if the host cannot say */
    String step() {
        return api.task(STORE).map(t -> String.valueOf(t.get("step"))).orElse("");
    }

    /** @return the store's current download position */
    long index() {
        return api.task(STORE).map(t -> HostApi.number(t, "index")).orElse(0L);
    }

    /** @return what the hosts of this home said: those stopped, then the one running */
    String output() {
        return String.join("\n---- stopped\n", stopped) + "\n---- running\n"
                + (host == null ? "" : String.join("\n", host.output));
    }

    @Override
    public void close() throws InterruptedException {
        if (host != null) {
            host.close();
        }
    }
}
