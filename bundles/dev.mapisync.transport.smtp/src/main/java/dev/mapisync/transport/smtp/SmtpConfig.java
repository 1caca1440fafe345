package dev.mapisync.transport.smtp;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One SMTP account: factory PID {@code dev.mapisync.transport.smtp}. */
@ObjectClassDefinition(name = "mapisync SMTP transport", description = "One outgoing mail account, sent over SMTP.")
@interface SmtpConfig {

    @AttributeDefinition(name = "Account", description = "A short name, unique among transports: the transport's id is smtp:<account>.")
    String account();

    @AttributeDefinition(name = "Host", description = "The SMTP server's host name or address.")
    String host();

    @AttributeDefinition(name = "Port", min = "1", max = "65535", description = "587 for STARTTLS, 465 for TLS, 25 without security.")
    int port() default 587;

    @AttributeDefinition(name = "Security", options = {
        @Option(label = "TLS from the start (smtps)", value = "TLS"),
        @Option(label = "STARTTLS, required", value = "STARTTLS"),
        @Option(label = "None (loopback servers only)", value = "NONE")})
    String security() default "STARTTLS";

    @AttributeDefinition(name = "User", required = false, description = "Empty: no authentication.")
    String user() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "May come from an environment variable or a secret file through ConfigAdmin interpolation, "
                    + "for example $[env:SMTP_PASSWORD] or $[secret:smtp-password].")
    String password() default "";

    @AttributeDefinition(name = "Trust store", required = false,
            description = "A PKCS12 or JKS file of trusted certificates; empty: the JDK's trusted authorities.")
    String trustStore() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD, required = false)
    String trustStorePassword() default "";

    @AttributeDefinition(name = "Timeout (ms)", min = "100",
            description = "Connect timeout, and how long the server may take to answer a command.")
    int timeoutMillis() default 60_000;

    @AttributeDefinition(name = "Final reply timeout (ms)", min = "100",
            description = "How long the server may take to answer the end of a message (the final \".\" of DATA); "
                    + "RFC 5321 gives it ten minutes. Without an answer in time the outcome is unknown: the message is "
                    + "held in the Outbox, not sent again.")
    int dataTimeoutMillis() default 600_000;
}
