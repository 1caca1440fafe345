package dev.mapisync.mail.support;

import java.util.regex.Pattern;

/**
 * The checks of a mail account's configuration that the IMAP store and the SMTP transport
 * share. Each refuses a bad value with a message that starts with the account ({@code where},
 * for example {@code "IMAP account work: "}) and names the setting, never a password.
 */
public final class AccountChecks {

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The shortest timeout taken, in milliseconds. */
    public static final int MIN_TIMEOUT_MILLIS = 100;

    private AccountChecks() {
    }

    /**
     * @param kind the account's kind, for example {@code IMAP}
     * @return the account's name, trimmed
     */
    public static String account(String kind, String value) {
        String account = trimmed(value);
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException(kind + " account: account \"" + account
                    + "\" must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return account;
    }

    /** @return the server's name, trimmed */
    public static String host(String where, String value) {
        String host = trimmed(value);
        if (host.isEmpty()) {
            throw new IllegalArgumentException(where + "host is required");
        }
        return host;
    }

    public static int port(String where, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(where + "port must be 1 to 65535, was " + port);
        }
        return port;
    }

    /** @param setting the setting's name, for example {@code dataTimeoutMillis} */
    public static int timeout(String where, String setting, int millis) {
        if (millis < MIN_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException(where + setting + " must be at least " + MIN_TIMEOUT_MILLIS + ", was "
                    + millis);
        }
        return millis;
    }

    /** @return the trust store's path, trimmed (empty for the platform's), checked readable */
    public static String trustStore(String where, String value) {
        String trustStore = trimmed(value);
        TrustStores.checkReadable(where, trustStore);
        return trustStore;
    }

    /** @return the value trimmed, empty for none */
    public static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    /** @return a secret's characters, none for none */
    public static char[] secret(String value) {
        return (value == null ? "" : value).toCharArray();
    }
}
