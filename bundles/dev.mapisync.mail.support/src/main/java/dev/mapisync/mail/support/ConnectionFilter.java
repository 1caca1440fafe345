package dev.mapisync.mail.support;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * What the protocol bytes of one connection pass through, both ways, above TLS: the IMAP
 * store's response guard reads what the server sends and notes when the client speaks.
 */
public interface ConnectionFilter {

    /** @return the stream the mail code reads the server's bytes from */
    InputStream input(InputStream fromServer);

    /** @return the stream the mail code writes its bytes to the server through */
    OutputStream output(OutputStream toServer);
}
