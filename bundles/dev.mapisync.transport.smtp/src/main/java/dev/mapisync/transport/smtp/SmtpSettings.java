package dev.mapisync.transport.smtp;

import dev.mapisync.mail.support.AccountChecks;
import dev.mapisync.mail.support.MailSecurity;
import dev.mapisync.mail.support.Secrets;
import java.util.Optional;

/**
 * An SMTP account's configuration, checked. A bad value is refused with a message that
 * names the property and never holds the password. A password that is still an unresolved
 * {@code $[secret:...]} is kept as the reason every submission fails LOGON without logging in.
 */
record SmtpSettings(String account, String host, int port, MailSecurity security, String user, char[] password,
        String trustStore, char[] trustStorePassword, int timeoutMillis, int dataTimeoutMillis,
        Optional<String> unresolvedSecret) {

    static SmtpSettings from(SmtpConfig config) {
        String account = AccountChecks.account("SMTP", config.account());
        String where = "SMTP account " + account + ": ";
        String host = AccountChecks.host(where, config.host());
        int port = AccountChecks.port(where, config.port());
        MailSecurity security = MailSecurity.parse(where, config.security(), host);
        String user = AccountChecks.trimmed(config.user());
        String password = config.password() == null ? "" : config.password();
        if (!user.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException(where + "user " + user + " has no password");
        }
        String trustStore = AccountChecks.trustStore(where, config.trustStore());
        int timeoutMillis = AccountChecks.timeout(where, "timeoutMillis", config.timeoutMillis());
        int dataTimeoutMillis = AccountChecks.timeout(where, "dataTimeoutMillis", config.dataTimeoutMillis());
        return new SmtpSettings(account, host, port, security, user, password.toCharArray(), trustStore,
                AccountChecks.secret(config.trustStorePassword()), timeoutMillis, dataTimeoutMillis, Secrets.problem("password", password)
                        .or(() -> Secrets.problem("trustStorePassword", config.trustStorePassword())));
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "SMTP account " + account + " (" + (user.isEmpty() ? "" : user + "@") + host + ":" + port + ", " + security
                + ")";
    }
}
