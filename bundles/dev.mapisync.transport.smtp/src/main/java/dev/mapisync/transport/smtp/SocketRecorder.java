package dev.mapisync.transport.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Remembers, per thread, the plain TCP socket under the SMTP connection the thread opened
 * last, so that the transport can give the server longer to answer the final "." than any
 * other command: Angus Mail keeps its socket to itself, but takes socket factories from the
 * session. Under TLS the plain socket is the one whose read timeout counts.
 */
final class SocketRecorder {

    private final ThreadLocal<Socket> last = new ThreadLocal<>();

    /** @return the socket this thread connected last, or {@code null} */
    Socket current() {
        return last.get();
    }

    void forget() {
        last.remove();
    }

    private Socket record(Socket socket) {
        last.set(socket);
        return socket;
    }

    /** @return a factory of plain sockets (SMTP, and STARTTLS before the switch) that records them */
    SocketFactory plain() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return record(new Socket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return record(new Socket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return record(new Socket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return record(new Socket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return record(new Socket(host, port, local, localPort));
            }
        };
    }

    /** @return {@code tls} that records the plain socket each TLS socket it makes is layered on */
    SSLSocketFactory layering(SSLSocketFactory tls) {
        return new SSLSocketFactory() {
            @Override
            public Socket createSocket(Socket plain, String host, int port, boolean autoClose) throws IOException {
                record(plain);
                return tls.createSocket(plain, host, port, autoClose);
            }

            @Override
            public String[] getDefaultCipherSuites() {
                return tls.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return tls.getSupportedCipherSuites();
            }

            // Angus Mail connects a plain socket and layers TLS on it; these are for other callers.
            @Override
            public Socket createSocket() throws IOException {
                return tls.createSocket();
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return tls.createSocket(host, port);
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return tls.createSocket(host, port, local, localPort);
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return tls.createSocket(host, port);
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return tls.createSocket(host, port, local, localPort);
            }
        };
    }
}
