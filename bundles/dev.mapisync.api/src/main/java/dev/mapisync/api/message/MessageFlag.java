package dev.mapisync.api.message;

/**
 * The state a user gives a message.
 *
 * <p>MAPI counterpart: bits of {@code PR_MESSAGE_FLAGS} ({@code MSGFLAG_READ},
 * {@code MSGFLAG_UNSENT}) and {@code PR_FLAG_STATUS}; they are also IMAP's system flags
 * and Maildir's info letters, which each constant carries. Thread-safe.
 */
public enum MessageFlag {
    /** Read. IMAP {@code \Seen}, Maildir {@code S}. */
    SEEN("\\Seen", 'S'),
    /** Replied to. IMAP {@code \Answered}, Maildir {@code R}. */
    ANSWERED("\\Answered", 'R'),
    /** Flagged for follow-up. IMAP {@code \Flagged}, Maildir {@code F}. */
    FLAGGED("\\Flagged", 'F'),
    /** Marked for deletion. IMAP {@code \Deleted}, Maildir {@code T} (trashed). */
    DELETED("\\Deleted", 'T'),
    /** A draft. IMAP {@code \Draft}, Maildir {@code D}. */
    DRAFT("\\Draft", 'D');

    private final String imapName;
    private final char maildirLetter;

    MessageFlag(String imapName, char maildirLetter) {
        this.imapName = imapName;
        this.maildirLetter = maildirLetter;
    }

    /** @return the IMAP system flag, for example {@code \Seen} */
    public String imapName() {
        return imapName;
    }

    /** @return the Maildir info letter, for example {@code 'S'} */
    public char maildirLetter() {
        return maildirLetter;
    }
}
