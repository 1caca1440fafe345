package dev.mapisync.store.imap;

import java.io.IOException;

/**
 * A server's answer the store refused to take in, as it came: more than the store holds for
 * one response or one command, more folders than an account may have, or bytes that came too
 * slowly. The connection it came on is broken off. The text names what was refused and its
 * size, never the server's text beyond its first words.
 */
final class OverBudget extends IOException {

    private static final long serialVersionUID = 1L;

    /** What was over the budget. */
    enum Kind {
        /** A literal announced larger than one response may be. */
        LITERAL,
        /** A response (a line that did not end, say) longer than one response may be. */
        RESPONSE,
        /** More responses to one command than one command may bring. */
        COMMAND,
        /** A listing of more folders than an account may have. */
        FOLDERS,
        /** Bytes that came slower than the least rate, after the account's timeout. */
        SLOW
    }

    private final Kind kind;

    OverBudget(Kind kind, String text) {
        super(text);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
