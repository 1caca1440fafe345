package dev.mapisync.transport.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An SMTP account's configuration, checked. A bad value is refused with a message that
 * names the property and never holds the password.
 */
record SmtpSettings(String account, String host, int port, Security security, String user, char[] password,
        String trustStore, char[] trustStorePassword, int timeoutMillis) {

    enum Security {
        TLS, STARTTLS, NONE
    }

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    static SmtpSettings from(SmtpConfig config) {
        String account = trimmed(config.account());
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("SMTP account: account \"" + account
                    + "\" must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String where = "SMTP account " + account + ": ";
        String host = trimmed(config.host());
        if (host.isEmpty()) {
            throw new IllegalArgumentException(where + "host is required");
        }
        int port = config.port();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(where + "port must be 1 to 65535, was " + port);
        }
        Security security;
        try {
            security = Security.valueOf(trimmed(config.security()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "security \"" + config.security() + "\" must be TLS, STARTTLS or NONE");
        }
        if (security == Security.NONE && !isLoopback(host)) {
            throw new IllegalArgumentException(where + "security NONE would send the password and mail in clear text to "
                    + host + "; it is allowed only for a loopback server (localhost, 127.0.0.1, ::1)");
        }
        String user = trimmed(config.user());
        String password = config.password() == null ? "" : config.password();
        if (!user.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException(where + "user " + user + " has no password");
        }
        String trustStore = trimmed(config.trustStore());
        if (!trustStore.isEmpty() && !Files.isReadable(Path.of(trustStore))) {
            throw new IllegalArgumentException(where + "trust store " + trustStore + " cannot be read");
        }
        if (config.timeoutMillis() < 100) {
            throw new IllegalArgumentException(where + "timeoutMillis must be at least 100, was " + config.timeoutMillis());
        }
        return new SmtpSettings(account, host, port, security, user, password.toCharArray(), trustStore,
                (config.trustStorePassword() == null ? "" : config.trustStorePassword()).toCharArray(),
                config.timeoutMillis());
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    /** Only literal loopback names and addresses count: a name is not looked up, so DNS cannot fake it. */
    static boolean isLoopback(String host) {
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

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SMTP account " + account + " (" + (user.isEmpty() ? "" : user + "@") + host + ":" + port + ", " + security
                + ")";
    }
}
