package dev.mapisync.store.imap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A message body as it streams from the server into the replica, remembering whether reading
 * it failed: the replica reports any failure of an append as its own, and the sync must tell
 * a connection that broke (retry) from a disk that is full (give up).
 */
final class ServerStream extends FilterInputStream {

    private IOException failure;

    ServerStream(InputStream in) {
        super(in);
    }

    /** @return the failure reading from the server, if there was one */
    IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }
}
