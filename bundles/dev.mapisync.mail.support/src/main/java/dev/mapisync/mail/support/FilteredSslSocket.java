package dev.mapisync.mail.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.net.ssl.SSLSocket;

/**
 * A TLS socket whose decrypted bytes the mail code reads and writes through a filter. Angus
 * Mail uses the socket a factory gives it and has no other hook on its streams; so every call
 * goes to the JDK's socket ({@link DelegatingSslSocket}), and only the two streams differ.
 */
final class FilteredSslSocket extends DelegatingSslSocket {

    private final ConnectionFilter filter;
    private InputStream filteredInput;
    private OutputStream filteredOutput;

    FilteredSslSocket(SSLSocket tls, ConnectionFilter filter) {
        super(tls);
        this.filter = filter;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (filteredInput == null) {
            filteredInput = filter.input(tls.getInputStream());
        }
        return filteredInput;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (filteredOutput == null) {
            filteredOutput = filter.output(tls.getOutputStream());
        }
        return filteredOutput;
    }
}
