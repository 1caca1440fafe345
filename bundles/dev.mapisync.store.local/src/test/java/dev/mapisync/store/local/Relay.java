package dev.mapisync.store.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of a test server: each connection a client makes is
 * joined to a connection of its own to the server, and each direction is pumped by a
 * {@link Pump} the test gives (to record, hold back, rewrite, delay or drop what passes). Its
 * open connections can be cut at any moment, as a network drops them; new ones go through
 * again afterwards. For the tests of the IMAP store and the integration tests.
 */
public final class Relay implements AutoCloseable {

    /** Moves one direction of one relayed connection, until either end closes. */
    @FunctionalInterface
    public interface Pump {
        /**
         * @param connection the relayed connection's number, from 1
         */
        void pump(InputStream from, OutputStream to, int connection) throws IOException, InterruptedException;
    }

    /** The pump that passes everything on as it comes. */
    public static final Pump COPY = (from, to, connection) -> {
        byte[] buffer = new byte[16 * 1024];
        for (int read = from.read(buffer); read > 0; read = from.read(buffer)) {
            to.write(buffer, 0, read);
            to.flush();
        }
    };

    private final ServerSocket server;
    private final int target;
    private final Pump toServer;
    private final Pump toClient;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    /**
     * @param target the server's port on 127.0.0.1
     * @param toServer pumps what a client sends
     * @param toClient pumps what the server answers
     */
    public Relay(int target, Pump toServer, Pump toClient) throws IOException {
        this.target = target;
        this.toServer = toServer;
        this.toClient = toClient;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-" + target);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(upstream);
                int connection = connections.incrementAndGet();
                start(client, upstream, toServer, connection);
                start(upstream, client, toClient, connection);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Socket from, Socket to, Pump pump, int connection) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                pump.pump(in, out, connection);
            } catch (IOException ignored) {
                // Cut, or closed by an end.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close(from);
                close(to);
            }
        }, "relay-pipe-" + connection);
        thread.setDaemon(true);
        thread.start();
    }

    /** Cuts every open connection. */
    public void cut() {
        open.forEach(Relay::close);
        open.clear();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
