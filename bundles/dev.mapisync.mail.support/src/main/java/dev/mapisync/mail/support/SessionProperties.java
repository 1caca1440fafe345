package dev.mapisync.mail.support;

import java.util.Properties;

/** The Jakarta Mail session properties the IMAP store and the SMTP transport share. */
public final class SessionProperties {

    private SessionProperties() {
    }

    /**
     * @param protocol {@code imap} or {@code smtp}
     * @return the protocol with an {@code s} for TLS from the first byte ({@code imaps}, {@code smtps}), else as it is
     *         (plain, or STARTTLS)
     */
    public static String protocol(String protocol, MailSecurity security) {
        return security == MailSecurity.TLS ? protocol + "s" : protocol;
    }

    /**
     * @param prefix the session's property prefix, for example {@code mail.imaps.}
     * @return properties with the connect, read and write timeouts of the prefix's connections set
     */
    public static Properties withTimeouts(String prefix, int timeoutMillis) {
        Properties properties = new Properties();
        String timeout = Integer.toString(timeoutMillis);
        properties.setProperty(prefix + "connectiontimeout", timeout);
        properties.setProperty(prefix + "timeout", timeout);
        properties.setProperty(prefix + "writetimeout", timeout);
        return properties;
    }
}
