package dev.mapisync.mail.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A plain TCP socket whose bytes the mail code reads and writes through a filter (an IMAP
 * response guard, say), until TLS is layered on it: from then on the TLS engine has the raw
 * bytes, and a filter sits on the TLS socket instead ({@link FilteredSslSocket}).
 */
final class FilteredSocket extends Socket {

    private final ConnectionFilter filter;
    private volatile boolean raw;
    private InputStream filteredInput;
    private OutputStream filteredOutput;

    FilteredSocket(ConnectionFilter filter) {
        this.filter = filter;
    }

    /** TLS is layered on this socket: its bytes are records now, not the protocol's. */
    void passThrough() {
        raw = true;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (raw) {
            return super.getInputStream();
        }
        if (filteredInput == null) {
            filteredInput = filter.input(super.getInputStream());
        }
        return filteredInput;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (raw) {
            return super.getOutputStream();
        }
        if (filteredOutput == null) {
            filteredOutput = filter.output(super.getOutputStream());
        }
        return filteredOutput;
    }
}
