package dev.mapisync.api;

import java.util.Locale;

/**
 * How a sync, a store operation or a submission ended, as an HRESULT-style code and a
 * human text.
 *
 * <p>MAPI counterpart: the {@code HRESULT} passed to
 * {@code IMAPISyncProgressCallback::Done} and {@code ::Error}. Each constant carries the
 * MAPI code it stands for, so a status crosses to and from COM-style logs and tools
 * without loss: {@link #fromCode(int)} is the exact inverse of {@link #code()}. Success
 * codes are zero or positive, failures negative, as in COM.
 *
 * <p>Statuses are immutable and may be shared between threads. A provider never lets a
 * bare exception cross the contract: it reports the status that fits, with its own text,
 * through the progress callback.
 */
public enum Status {
    /** Everything asked for was done. {@code S_OK}. */
    SUCCESS(0x00000000, "S_OK", "Completed"),
    /** Done, but some items failed and were reported through {@code error}. {@code MAPI_W_PARTIAL_COMPLETION}. */
    PARTIAL(0x00040680, "MAPI_W_PARTIAL_COMPLETION", "Completed with errors"),
    /** Stopped because the user or the host cancelled it. {@code MAPI_E_USER_CANCEL}. */
    CANCELLED(0x80040501, "MAPI_E_USER_CANCEL", "Cancelled"),
    /** The server could not be reached or the connection broke. {@code MAPI_E_NETWORK_ERROR}. */
    NETWORK(0x80040115, "MAPI_E_NETWORK_ERROR", "Network error"),
    /** The server refused the credentials. {@code MAPI_E_LOGON_FAILED}. */
    LOGON(0x80040111, "MAPI_E_LOGON_FAILED", "Logon failed"),
    /** A quota or the disk is full. {@code MAPI_E_STORE_FULL}. */
    QUOTA(0x8004060C, "MAPI_E_STORE_FULL", "Store full"),
    /** The server answered something the provider cannot use. {@code MAPI_E_CORRUPT_DATA}. */
    PROTOCOL(0x8004011B, "MAPI_E_CORRUPT_DATA", "Protocol error"),
    /** The provider itself failed (a bug, an exception). {@code E_FAIL}. */
    PROVIDER_FAULT(0x80004005, "E_FAIL", "Provider fault"),
    /** The work did not finish in the time allowed. {@code MAPI_E_TIMEOUT}. */
    TIMEOUT(0x80040401, "MAPI_E_TIMEOUT", "Timed out"),
    /** A folder or message asked for does not exist. {@code MAPI_E_NOT_FOUND}. */
    NOT_FOUND(0x8004010F, "MAPI_E_NOT_FOUND", "Not found"),
    /** A folder or message of that name exists already. {@code MAPI_E_COLLISION}. */
    COLLISION(0x80040604, "MAPI_E_COLLISION", "Already exists");

    private final int code;
    private final String symbol;
    private final String text;

    Status(int code, String symbol, String text) {
        this.code = code;
        this.symbol = symbol;
        this.text = text;
    }

    /** @return the HRESULT-style code: zero or positive for success, negative for failure */
    public int code() {
        return code;
    }

    /** @return the MAPI name of the code, for example {@code MAPI_E_LOGON_FAILED} */
    public String symbol() {
        return symbol;
    }

    /** @return a short human text for the status, in English */
    public String text() {
        return text;
    }

    /** @return {@code true} for {@link #SUCCESS} and {@link #PARTIAL} (the HRESULT is not negative) */
    public boolean succeeded() {
        return code >= 0;
    }

    /** @return the code as COM prints it, for example {@code 0x80040111} */
    public String hex() {
        return hex(code);
    }

    /**
     * The status a code stands for.
     *
     * @param code an HRESULT-style code
     * @return the status whose {@link #code()} is {@code code}
     * @throws IllegalArgumentException if no status has that code; the message names the code
     */
    public static Status fromCode(int code) {
        for (Status status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown mapisync status code " + hex(code));
    }

    private static String hex(int value) {
        return String.format(Locale.ROOT, "0x%08X", value);
    }

    @Override
    public String toString() {
        return name() + " (" + symbol + " " + hex() + ")";
    }
}
