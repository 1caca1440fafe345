package dev.mapisync.transport.smtp;

import dev.mapisync.mail.support.MailSecurity;
import dev.mapisync.mail.support.Secrets;
import dev.mapisync.mail.support.TrustStores;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An SMTP account's configuration, checked. A bad value is refused with a message that
 * names the property and never holds the password. A password that is still an unresolved
 * {@code $[secret:...]} is kept as the reason every submission fails LOGON without logging in.
 */
record SmtpSettings(String account, String host, int port, MailSecurity security, String user, char[] password,
        String trustStore, char[] trustStorePassword, int timeoutMillis, int dataTimeoutMillis,
        Optional<String> unresolvedSecret) {

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
        MailSecurity security = MailSecurity.parse(where, config.security(), host);
        String user = trimmed(config.user());
        String password = config.password() == null ? "" : config.password();
        if (!user.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException(where + "user " + user + " has no password");
        }
        String trustStore = trimmed(config.trustStore());
        TrustStores.checkReadable(where, trustStore);
        if (config.timeoutMillis() < 100) {
            throw new IllegalArgumentException(where + "timeoutMillis must be at least 100, was " + config.timeoutMillis());
        }
        if (config.dataTimeoutMillis() < 100) {
            throw new IllegalArgumentException(where + "dataTimeoutMillis must be at least 100, was "
                    + config.dataTimeoutMillis());
        }
        return new SmtpSettings(account, host, port, security, user, password.toCharArray(), trustStore,
                (config.trustStorePassword() == null ? "" : config.trustStorePassword()).toCharArray(),
                config.timeoutMillis(), config.dataTimeoutMillis(), Secrets.problem("password", password)
                        .or(() -> Secrets.problem("trustStorePassword", config.trustStorePassword())));
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SMTP account " + account + " (" + (user.isEmpty() ? "" : user + "@") + host + ":" + port + ", " + security
                + ")";
    }
}
