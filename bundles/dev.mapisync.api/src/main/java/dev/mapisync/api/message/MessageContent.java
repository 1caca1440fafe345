package dev.mapisync.api.message;

import java.io.IOException;
import java.io.InputStream;

/**
 * A message's raw RFC 5322 bytes, opened as a fresh stream on every call.
 *
 * <p>MAPI counterpart: {@code IMessage} opened through {@code PR_INTERNET_CONTENT}
 * (the message's MIME stream). Content is always streamed, never held whole in memory, so
 * that a message of hundreds of megabytes passes through a small heap. Each call returns a
 * new stream positioned at the first byte; the caller closes it. Implementations are
 * thread-safe: two threads may read two streams at once.
 */
@FunctionalInterface
public interface MessageContent {

    /**
     * @return a new stream over the whole message; the caller closes it
     * @throws IOException if the content cannot be read
     */
    InputStream open() throws IOException;
}
