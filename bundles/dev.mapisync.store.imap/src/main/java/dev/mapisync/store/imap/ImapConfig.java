package dev.mapisync.store.imap;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One IMAP account: factory PID {@code dev.mapisync.store.imap}. */
@ObjectClassDefinition(name = "mapisync IMAP store", description = "One mail account on an IMAP server, synchronized into a replica.")
@interface ImapConfig {

    @AttributeDefinition(name = "Account", description = "A short name, unique among stores: the store's id is imap:<account>.")
    String account();

    @AttributeDefinition(name = "Host", description = "The IMAP server's host name or address.")
    String host();

    @AttributeDefinition(name = "Port", min = "1", max = "65535", description = "993 for TLS, 143 for STARTTLS or none.")
    int port() default 993;

    @AttributeDefinition(name = "Security", options = {
        @Option(label = "TLS from the start (imaps)", value = "TLS"),
        @Option(label = "STARTTLS, required", value = "STARTTLS"),
        @Option(label = "None (loopback servers only)", value = "NONE")})
    String security() default "TLS";

    @AttributeDefinition(name = "User")
    String user();

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD,
            description = "May come from an environment variable or a secret file through ConfigAdmin interpolation, "
                    + "for example $[env:IMAP_PASSWORD] or $[secret:imap-password].")
    String password();

    @AttributeDefinition(name = "Folders to include", required = false,
            description = "Server folder names or patterns (* matches anything); empty: every folder.")
    String[] includeFolders() default {};

    @AttributeDefinition(name = "Folders to exclude", required = false,
            description = "Server folder names or patterns (* matches anything) left out.")
    String[] excludeFolders() default {};

    @AttributeDefinition(name = "Sync interval (s)", min = "0",
            description = "Seconds between scheduled syncs; 0: on demand only. Published as mapisync.sync.interval.")
    long mapisync_sync_interval() default 900;

    @AttributeDefinition(name = "Headers only", description = "Download headers now and bodies later, on demand.")
    boolean headersOnly() default false;

    @AttributeDefinition(name = "Trust store", required = false,
            description = "A PKCS12 or JKS file of trusted certificates; empty: the JDK's trusted authorities.")
    String trustStore() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD, required = false)
    String trustStorePassword() default "";

    @AttributeDefinition(name = "Connections", min = "1", max = "10",
            description = "Connections to the server at most: folders are compared and downloaded over them at once. "
                    + "Kept logged in between syncs for five minutes at most.")
    int connections() default 5;

    @AttributeDefinition(name = "Timeout (ms)", min = "100", description = "Connect and read timeout.")
    int timeoutMillis() default 60_000;

    @AttributeDefinition(name = "Deletions without confirmation (share)", type = AttributeType.DOUBLE, min = "0.01",
            max = "1", description = "The share of a folder's messages that may be deleted on the server in one sync "
                    + "because they are gone from the replica's files; more stops that folder until confirmed.")
    double deletionShare() default 0.5;

    @AttributeDefinition(name = "Deletions always allowed", min = "0",
            description = "Deletions from the replica's files always uploaded in a folder, whatever the share.")
    int deletionMinimum() default 10;

    @AttributeDefinition(name = "Confirmed deletions", required = false,
            description = "Folders (as the replica names them, for example Inbox or Archive/2026) whose deletions from "
                    + "the replica's files are uploaded whatever their number. Remove a folder once its sync went through.")
    String[] confirmDeletions() default {};
}
