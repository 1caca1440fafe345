package dev.mapisync.mail.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection's filter sees the protocol's bytes, never TLS records: on the plain socket
 * until STARTTLS, then on the TLS socket (the plain one passing the records through); under
 * TLS from the first byte, on the TLS socket only. A server on 127.0.0.1 with a certificate
 * made for the test speaks a few lines each way.
 */
class FilteredSocketTest {

    @TempDir
    Path keys;

    private SSLContext tls;
    private final List<Recording> filters = new ArrayList<>();

    /** Records what passes each way. */
    private static final class Recording implements ConnectionFilter {
        final ByteArrayOutputStream read = new ByteArrayOutputStream();
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public InputStream input(InputStream fromServer) {
            return new FilterInputStream(fromServer) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        read.write(b);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        read.write(b, off, n);
                    }
                    return n;
                }
            };
        }

        @Override
        public OutputStream output(OutputStream toServer) {
            return new FilterOutputStream(toServer) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written.write(b, off, len);
                    out.write(b, off, len);
                }
            };
        }

        String read() {
            return read.toString(StandardCharsets.ISO_8859_1);
        }

        String written() {
            return written.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @BeforeEach
    void certificate() throws Exception {
        Path store = keys.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool made the certificate");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keysFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keysFactory.init(keyStore, "changeit".toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        tls = SSLContext.getInstance("TLS");
        tls.init(keysFactory.getKeyManagers(), trust.getTrustManagers(), null);
    }

    private SocketRecorder recorder() {
        return new SocketRecorder(() -> {
            Recording filter = new Recording();
            filters.add(filter);
            return filter;
        });
    }

    private static void send(Socket socket, String line) throws IOException {
        socket.getOutputStream().write(line.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String line(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        InputStream in = socket.getInputStream();
        for (int b = in.read(); b >= 0 && line.length() < 200; b = in.read()) {
            line.append((char) b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString();
    }

    /** Serves one connection: optionally plain lines and STARTTLS first, then TLS: a line each way. */
    private CompletableFuture<String> serve(ServerSocket server, boolean startTls) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket plain = server.accept()) {
                if (startTls) {
                    send(plain, "* OK plain\r\n");
                    String asked = line(plain);
                    send(plain, "A1 OK begin TLS\r\n");
                    if (!asked.equals("A1 STARTTLS\r\n")) {
                        return "asked " + asked;
                    }
                }
                SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
                secure.setUseClientMode(false);
                secure.startHandshake();
                send(secure, "* secret after TLS\r\n");
                return line(secure);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }

    @Test
    void underStartTlsThePlainFilterSeesThePlainLinesAndTheTlsFilterTheRest() throws Exception {
        SocketRecorder recorder = recorder();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = serve(server, true);
            Socket plain = recorder.plain().createSocket();
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
            assertEquals("* OK plain\r\n", line(plain));
            send(plain, "A1 STARTTLS\r\n");
            assertEquals("A1 OK begin TLS\r\n", line(plain));
            try (Socket secure = recorder.layering(tls.getSocketFactory()).createSocket(plain, "127.0.0.1",
                    server.getLocalPort(), true)) {
                assertEquals("* secret after TLS\r\n", line(secure));
                send(secure, "A2 NOOP\r\n");
                assertEquals("A2 NOOP\r\n", served.get(10, TimeUnit.SECONDS));
                assertSame(plain, recorder.current(), "the plain socket is the one a cancel closes");
            }
        }
        assertEquals(2, filters.size());
        assertEquals("* OK plain\r\nA1 OK begin TLS\r\n", filters.get(0).read(), "the plain filter: no TLS record");
        assertEquals("A1 STARTTLS\r\n", filters.get(0).written());
        assertEquals("* secret after TLS\r\n", filters.get(1).read(), "the TLS filter: the decrypted lines");
        assertEquals("A2 NOOP\r\n", filters.get(1).written());
    }

    @Test
    void underTlsFromTheFirstByteOnlyTheTlsSocketFilters() throws Exception {
        SocketRecorder recorder = recorder();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = serve(server, false);
            Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            try (Socket secure = recorder.layering(tls.getSocketFactory()).createSocket(plain, "127.0.0.1",
                    server.getLocalPort(), true)) {
                assertEquals("* secret after TLS\r\n", line(secure));
                send(secure, "A1 NOOP\r\n");
                assertEquals("A1 NOOP\r\n", served.get(10, TimeUnit.SECONDS));
                assertSame(plain, recorder.current());
            }
        }
        assertEquals(1, filters.size());
        assertEquals("* secret after TLS\r\n", filters.get(0).read());
        assertEquals("A1 NOOP\r\n", filters.get(0).written());
    }
}
