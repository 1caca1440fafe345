package dev.mapisync.mail.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Remembers, per thread, the plain TCP socket under the mail connection the thread opened
 * last: Angus Mail keeps its socket to itself, but takes socket factories from the session.
 * The SMTP transport gives the server longer to answer the final "." than any other command
 * through it; the IMAP store closes it to break off a read a silent server leaves hanging.
 * Under TLS the plain socket is the one whose read timeout counts, and closing it ends both.
 */
public final class SocketRecorder {

    private final ThreadLocal<Socket> last = new ThreadLocal<>();

    /** @return the socket this thread connected last, or {@code null} */
    public Socket current() {
        return last.get();
    }

    public void forget() {
        last.remove();
    }

    private Socket record(Socket socket) {
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

    /**
     * @return {@code tls} that records the plain socket each TLS socket it layers on one is
     *         made on (STARTTLS), or the TLS socket it makes from the first byte
     */
    public SSLSocketFactory layering(SSLSocketFactory tls) {
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

            // TLS from the first byte (imaps, smtps): the TLS socket is the one to record; closing it ends the reads.
            @Override
            public Socket createSocket() throws IOException {
                return record(tls.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return record(tls.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return record(tls.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return record(tls.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return record(tls.createSocket(host, port, local, localPort));
            }
        };
    }
}
