package dev.mapisync.api.store;

import dev.mapisync.api.Status;
import java.util.Objects;

/**
 * A store operation failed; the {@link #status()} says what kind of failure it was and the
 * message names the culprit (the folder, the message, the file, the limit).
 *
 * <p>MAPI counterpart: the failing {@code HRESULT} of an {@code IMsgStore},
 * {@code IMAPIFolder} or {@code IMessage} call, with {@code GetLastError}'s text. A store
 * that throws this has changed nothing: a failed operation leaves the store as it was.
 * Messages never hold secrets. Invalid arguments (a {@code null}, a path outside the
 * store's rules) are reported with {@link IllegalArgumentException} instead.
 */
public class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Status status;

    /**
     * @param status the kind of failure, never {@link Status#SUCCESS}
     * @param message what failed, naming the culprit
     */
    public StoreException(Status status, String message) {
        this(status, message, null);
    }

    /**
     * @param status the kind of failure, never {@link Status#SUCCESS}
     * @param message what failed, naming the culprit
     * @param cause the underlying failure, or {@code null}
     */
    public StoreException(Status status, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status is required");
        if (status.succeeded()) {
            throw new IllegalArgumentException("a StoreException needs a failure status, not " + status);
        }
    }

    /** @return the kind of failure */
    public Status status() {
        return status;
    }
}
