package dev.mapisync.store.imap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An IMAP account's configuration, checked. A bad value is refused with a message that names
 * the property and never holds the password.
 */
record ImapSettings(String account, String host, int port, Security security, String user, char[] password,
        List<String> include, List<String> exclude, boolean headersOnly, String trustStore, char[] trustStorePassword,
        int timeoutMillis) {

    enum Security {
        TLS, STARTTLS, NONE
    }

    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    static ImapSettings from(ImapConfig config) {
        String account = trimmed(config.account());
        if (!ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("IMAP account: account \"" + account
                    + "\" must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String where = "IMAP account " + account + ": ";
        String host = trimmed(config.host());
        if (host.isEmpty()) {
            throw new IllegalArgumentException(where + "host is required");
        }
        if (config.port() < 1 || config.port() > 65535) {
            throw new IllegalArgumentException(where + "port must be 1 to 65535, was " + config.port());
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
        if (user.isEmpty()) {
            throw new IllegalArgumentException(where + "user is required");
        }
        if (config.password() == null || config.password().isEmpty()) {
            throw new IllegalArgumentException(where + "user " + user + " has no password");
        }
        String trustStore = trimmed(config.trustStore());
        if (!trustStore.isEmpty() && !Files.isReadable(Path.of(trustStore))) {
            throw new IllegalArgumentException(where + "trust store " + trustStore + " cannot be read");
        }
        if (config.timeoutMillis() < 100) {
            throw new IllegalArgumentException(where + "timeoutMillis must be at least 100, was " + config.timeoutMillis());
        }
        return new ImapSettings(account, host, config.port(), security, user, config.password().toCharArray(),
                patterns(config.includeFolders()), patterns(config.excludeFolders()), config.headersOnly(), trustStore,
                (config.trustStorePassword() == null ? "" : config.trustStorePassword()).toCharArray(),
                config.timeoutMillis());
    }

    private static List<String> patterns(String[] values) {
        return values == null ? List.of() : Arrays.stream(values).map(String::trim).filter(v -> !v.isEmpty()).toList();
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

    /** @return whether a server folder (its full name, '/' between levels) takes part */
    boolean includes(String folder) {
        boolean included = include.isEmpty() || include.stream().anyMatch(p -> matches(p, folder));
        return included && exclude.stream().noneMatch(p -> matches(p, folder));
    }

    private static boolean matches(String pattern, String folder) {
        String regex = Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).reduce((a, b) -> a + ".*" + b)
                .orElse("");
        return folder.matches("(?i)" + regex) || folder.equalsIgnoreCase(pattern);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "IMAP account " + account + " (" + user + "@" + host + ":" + port + ", " + security + ")";
    }
}
