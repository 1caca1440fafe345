package dev.mapisync.store.imap;

import dev.mapisync.store.local.Relay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay on 127.0.0.1 in front of a test server, whose open connections a test can cut
 * at any moment, as a network does when it drops in the middle of a fetch. New connections
 * go through again afterwards. It keeps what the clients sent, for tests of which commands
 * went out, and can hold a command back until several connections send it (see
 * {@link #holdUntil}), for tests of what a client does at once.
 */
final class CuttableProxy implements AutoCloseable {

    private final Relay relay;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private volatile Gate gate;
    private volatile Hold hold;
    /** A command that, once a client sends it, has every connection cut a moment later (once). */
    private volatile String cutAfter;
    private volatile Duration cutDelay;
    /** While set, nothing the server sends reaches the clients (until the cut). */
    private volatile boolean muted;
    /** Lines from the server that start with this are dropped, if set. */
    private volatile String silenced;

    CuttableProxy(int target) throws IOException {
        this.relay = new Relay(target, this::fromClient, this::fromServer);
    }

    int port() {
        return relay.port();
    }

    /** Records what a client sends, and holds or cuts where the test asked to. */
    private void fromClient(InputStream in, OutputStream out, int connection) throws IOException, InterruptedException {
        byte[] buffer = new byte[16 * 1024];
        for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
            synchronized (sent) {
                sent.write(buffer, 0, read);
            }
            String text = new String(buffer, 0, read, StandardCharsets.UTF_8);
            Gate held = gate;
            if (held != null && text.contains(held.command)) {
                held.arrive(connection);
            }
            Hold once = hold;
            if (once != null) {
                once.pass(text);
            }
            String cutting = cutAfter;
            if (cutting != null && text.contains(cutting)) {
                cutAfter = null;
                muted = true;
                cutSoon(cutDelay);
            }
            out.write(buffer, 0, read);
            out.flush();
        }
    }

    /** Passes on what the server answers, but while muted, and without the lines {@link #silence} names. */
    private void fromServer(InputStream in, OutputStream out, int connection) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
            if (muted) {
                continue;
            }
            if (silenced != null) {
                passLines(line, buffer, read, out);
            } else {
                out.write(buffer, 0, read);
            }
            out.flush();
        }
    }

    /** Passes on what the server sent, line by line, but the lines {@link #silence} names; keeps a partial line. */
    private void passLines(ByteArrayOutputStream line, byte[] buffer, int read, OutputStream out)
            throws IOException {
        for (int i = 0; i < read; i++) {
            line.write(buffer[i]);
            if (buffer[i] == '\n') {
                if (!line.toString(StandardCharsets.ISO_8859_1).startsWith(silenced)) {
                    line.writeTo(out);
                }
                line.reset();
            }
        }
    }

    /**
     * From now on, the server's lines that start with {@code prefix} never reach the clients: a
     * server that says less than another would (where IMAP leaves it free to).
     */
    void silence(String prefix) {
        silenced = prefix;
    }

    /**
     * From now on, a command holding {@code command} is passed on only once {@code connections}
     * different connections have sent one, or when {@code bound} has passed since the first.
     */
    void holdUntil(String command, int connections, Duration bound) {
        gate = new Gate(command, connections, bound);
    }

    /**
     * From now on, the first command holding {@code command} is passed on only at
     * {@link #release()} (or when {@code bound} has passed), so that a test can change the
     * server while a client waits for its answer.
     */
    void holdOnce(String command, Duration bound) {
        hold = new Hold(command, bound);
    }

    /**
     * From now on, the first command holding {@code command} goes through, nothing the server
     * answers gets back, and {@code delay} later every connection is cut: the server did what
     * was asked, the client never hears so.
     */
    void cutAfter(String command, Duration delay) {
        cutDelay = delay;
        cutAfter = command;
    }

    private void cutSoon(Duration delay) {
        Thread cutter = new Thread(() -> {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cut();
            muted = false;
        }, "cuttable-proxy-cutter");
        cutter.setDaemon(true);
        cutter.start();
    }

    /** @return whether the command {@link #holdOnce} waits for was sent within {@code bound} (it is held now) */
    boolean awaitHeld(Duration bound) throws InterruptedException {
        return hold.arrived.await(bound.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Passes the held command on. */
    void release() {
        hold.released.countDown();
    }

    /** @return whether the held commands went on because enough connections sent one (not at the bound) */
    boolean heldUntilEnough() {
        Gate held = gate;
        return held != null && held.enough();
    }

    /** One command held back until the test releases it. */
    private static final class Hold {
        final String command;
        private final Duration bound;
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        private final AtomicBoolean taken = new AtomicBoolean();

        Hold(String command, Duration bound) {
            this.command = command;
            this.bound = bound;
        }

        void pass(String text) throws InterruptedException {
            if (text.contains(command) && taken.compareAndSet(false, true)) {
                arrived.countDown();
                released.await(bound.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Commands held back until enough connections sent one. */
    private static final class Gate {
        final String command;
        private final int wanted;
        private final Duration bound;
        private final Set<Integer> arrived = new HashSet<>();
        private long deadline;

        Gate(String command, int wanted, Duration bound) {
            this.command = command;
            this.wanted = wanted;
            this.bound = bound;
        }

        synchronized void arrive(int connection) throws InterruptedException {
            if (arrived.isEmpty()) {
                deadline = System.nanoTime() + bound.toNanos();
            }
            arrived.add(connection);
            notifyAll();
            for (long left = deadline - System.nanoTime(); !enough() && left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized boolean enough() {
            return arrived.size() >= wanted;
        }
    }

    /** @return what the clients sent since the last call, as text */
    String takeSent() {
        synchronized (sent) {
            String text = sent.toString(StandardCharsets.UTF_8);
            sent.reset();
            return text;
        }
    }

    /** Cuts every open connection. */
    void cut() {
        relay.cut();
    }

    @Override
    public void close() throws IOException {
        relay.close();
    }
}
