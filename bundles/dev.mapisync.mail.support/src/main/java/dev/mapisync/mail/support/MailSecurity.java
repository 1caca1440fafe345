package dev.mapisync.mail.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** How a mail account's connection is protected, and the rule that plain text stays on loopback. */
public enum MailSecurity {
    /** TLS from the first byte (imaps, smtps). */
    TLS,
    /** A plain connection upgraded with STARTTLS, which is required. */
    STARTTLS,
    /** No protection: only for a server on this machine. */
    NONE;

    /**
     * @param where the account, for the message, for example {@code "IMAP account work: "}
     * @param value the configured value
     * @param host the server
     * @return the security
     * @throws IllegalArgumentException if the value is unknown, or NONE for a server off loopback
     */
    public static MailSecurity parse(String where, String value, String host) {
        MailSecurity security;
        try {
            security = valueOf((value == null ? "" : value.trim()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "security \"" + value + "\" must be TLS, STARTTLS or NONE");
        }
        if (security == NONE && !isLoopback(host)) {
            throw new IllegalArgumentException(where + "security NONE would send the password and mail in clear text to "
                    + host + "; it is allowed only for a loopback server (localhost, 127.0.0.1, ::1)");
        }
        return security;
    }

    /** Only literal loopback names and addresses count: a name is not looked up, so DNS cannot fake it. */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F:]+\\]?")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
