package dev.mapisync.store.imap;

import dev.mapisync.mail.support.AccountChecks;
import dev.mapisync.mail.support.MailSecurity;
import dev.mapisync.mail.support.Secrets;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.DeletionSafety;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IMAP account's configuration, checked. A bad value is refused with a message that names
 * the property and never holds the password. A password that is still an unresolved
 * {@code $[secret:...]} is kept as the reason every sync ends LOGON without logging in.
 */
record ImapSettings(String account, String host, int port, MailSecurity security, String user, char[] password,
        List<String> include, List<String> exclude, boolean headersOnly, String trustStore, char[] trustStorePassword,
        int timeoutMillis, int connections, DeletionSafety deletionSafety, Optional<String> unresolvedSecret) {

    /** Servers limit the connections of one user from one address (Dovecot: 10 by default). */
    static final int MAX_CONNECTIONS = 10;

    static ImapSettings from(ImapConfig config) {
        String account = AccountChecks.account("IMAP", config.account());
        String where = "IMAP account " + account + ": ";
        String host = AccountChecks.host(where, config.host());
        int port = AccountChecks.port(where, config.port());
        MailSecurity security = MailSecurity.parse(where, config.security(), host);
        String user = AccountChecks.trimmed(config.user());
        if (user.isEmpty()) {
            throw new IllegalArgumentException(where + "user is required");
        }
        if (config.password() == null || config.password().isEmpty()) {
            throw new IllegalArgumentException(where + "user " + user + " has no password");
        }
        String trustStore = AccountChecks.trustStore(where, config.trustStore());
        int timeoutMillis = AccountChecks.timeout(where, "timeoutMillis", config.timeoutMillis());
        if (config.connections() < 1 || config.connections() > MAX_CONNECTIONS) {
            throw new IllegalArgumentException(where + "connections must be 1 to " + MAX_CONNECTIONS + ", was "
                    + config.connections());
        }
        return new ImapSettings(account, host, port, security, user, config.password().toCharArray(),
                patterns(config.includeFolders()), patterns(config.excludeFolders()), config.headersOnly(), trustStore,
                AccountChecks.secret(config.trustStorePassword()), timeoutMillis, config.connections(),
                deletionSafety(where, config), Secrets.problem("password", config.password())
                        .or(() -> Secrets.problem("trustStorePassword", config.trustStorePassword())));
    }

    private static DeletionSafety deletionSafety(String where, ImapConfig config) {
        if (!(config.deletionShare() > 0 && config.deletionShare() <= 1)) {
            throw new IllegalArgumentException(where + "deletionShare must be above 0 and at most 1, was "
                    + config.deletionShare());
        }
        if (config.deletionMinimum() < 0) {
            throw new IllegalArgumentException(where + "deletionMinimum must not be negative, was "
                    + config.deletionMinimum());
        }
        Set<FolderPath> confirmed = new HashSet<>();
        for (String folder : patterns(config.confirmDeletions())) {
            try {
                confirmed.add(FolderPath.parse(folder));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "confirmDeletions: \"" + folder + "\" is not a folder: "
                        + e.getMessage(), e);
            }
        }
        return new DeletionSafety(config.deletionShare(), config.deletionMinimum(), confirmed);
    }

    private static List<String> patterns(String[] values) {
        return values == null ? List.of() : Arrays.stream(values).map(String::trim).filter(v -> !v.isEmpty()).toList();
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
