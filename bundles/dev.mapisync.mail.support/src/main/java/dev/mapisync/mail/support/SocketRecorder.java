package dev.mapisync.mail.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Remembers, per thread, the plain TCP socket under the mail connection the thread opened
 * last: Angus Mail keeps its socket to itself, but takes socket factories from the session.
 * The SMTP transport gives the server longer to answer the final "." than any other command
 * through it; the IMAP store closes it to break off a read a silent server leaves hanging.
 * Under TLS the plain socket is the one whose read timeout counts, and closing it ends both.
 *
 * <p>The sockets may also pass their bytes through a filter (the IMAP store's response guard):
 * on the plain socket until TLS is layered on it, then on the TLS socket, so a filter always
 * sees the protocol's bytes, never TLS records.
 */
public final class SocketRecorder {

    private final ThreadLocal<Socket> last = new ThreadLocal<>();
    private final Supplier<ConnectionFilter> filters;

    /** Sockets whose bytes the mail code reads and writes as they are. */
    public SocketRecorder() {
        this(null);
    }

    /** @param filters gives each connection the filter its bytes pass through (a new one each), or null */
    public SocketRecorder(Supplier<ConnectionFilter> filters) {
        this.filters = filters;
    }

    /** @return the socket this thread connected last, or {@code null} */
    public Socket current() {
        return last.get();
    }

    public void forget() {
        last.remove();
    }

    private Socket record(Socket socket) {
        try {
            // Commands go one at a time, each waiting for its answer: Nagle's algorithm would hold each small write
            // for the server's delayed acknowledgement (40 ms per command on Linux).
            socket.setTcpNoDelay(true);
        } catch (java.net.SocketException e) {
            // A socket that cannot take the option works without it, only slower.
        }
        last.set(socket);
        return socket;
    }

    /**
     * Gives a mail session's properties this recorder's socket factories and the security they
     * serve: plain sockets, and for TLS or STARTTLS (then required) the trust store's (or the
     * platform's) TLS factory layered on them, with the server's identity checked.
     *
     * @param prefix the session's property prefix, for example {@code mail.imaps.}
     */
    public void install(java.util.Properties properties, String prefix, MailSecurity security, String account,
            String trustStore, char[] trustStorePassword) {
        properties.put(prefix + "socketFactory", plain());
        if (security == MailSecurity.STARTTLS) {
            properties.setProperty(prefix + "starttls.enable", "true");
            properties.setProperty(prefix + "starttls.required", "true");
        }
        if (security != MailSecurity.NONE) {
            properties.setProperty(prefix + "ssl.checkserveridentity", "true");
            SSLSocketFactory tls = trustStore.isEmpty() ? (SSLSocketFactory) SSLSocketFactory.getDefault()
                    : TrustStores.trusting(account, trustStore, trustStorePassword).getSocketFactory();
            properties.put(prefix + "ssl.socketFactory", layering(tls));
        }
    }

    /** @return a factory of plain sockets (SMTP, and STARTTLS before the switch) that records them */
    public SocketFactory plain() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return record(unconnected());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return connected(new InetSocketAddress(host, port), null);
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return connected(new InetSocketAddress(host, port), new InetSocketAddress(local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return connected(new InetSocketAddress(host, port), null);
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return connected(new InetSocketAddress(host, port), new InetSocketAddress(local, localPort));
            }
        };
    }

    private Socket unconnected() {
        return filters == null ? new Socket() : new FilteredSocket(filters.get());
    }

    private Socket connected(InetSocketAddress to, InetSocketAddress from) throws IOException {
        Socket socket = unconnected();
        try {
            if (from != null) {
                socket.bind(from);
            }
            socket.connect(to);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return record(socket);
    }

    /** @return the TLS socket, its bytes passing through a filter of its own */
    private Socket filtered(Socket tls) {
        return filters == null || !(tls instanceof SSLSocket ssl) ? tls : new FilteredSslSocket(ssl, filters.get());
    }

    /**
     * Long, as the factory is an anonymous class of SSLSocketFactory's five methods, each a line
     * or two but the layering one.
     *
     * @return {@code tls} that records the plain socket each TLS socket it layers on one is
     *         made on (STARTTLS), or the TLS socket it makes from the first byte
     */
    public SSLSocketFactory layering(SSLSocketFactory tls) {
        return new SSLSocketFactory() {
            @Override
            public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
                if (last.get() instanceof FilteredSocket filtered) {
                    // STARTTLS on a socket this recorder made (recorded then): the TLS engine, which takes the plain
                    // socket's streams as it is made, must have its raw bytes; the TLS socket filters from now on.
                    filtered.passThrough();
                } else {
                    // TLS from the first byte: Angus made the plain socket itself.
                    record(plain);
                }
                return filtered(tls.createSocket(plain, host, port, autoClose));
            }

            @Override
            public String[] getDefaultCipherSuites() {
                return tls.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return tls.getSupportedCipherSuites();
            }

            // TLS from the first byte (imaps, smtps): the TLS socket is the one to record; closing it ends the reads.
            @Override
            public Socket createSocket() throws IOException {
                return record(filtered(tls.createSocket()));
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return record(filtered(tls.createSocket(host, port)));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return record(filtered(tls.createSocket(host, port, local, localPort)));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return record(filtered(tls.createSocket(host, port)));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return record(filtered(tls.createSocket(host, port, local, localPort)));
            }
        };
    }
}
