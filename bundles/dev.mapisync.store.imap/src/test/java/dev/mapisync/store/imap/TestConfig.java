package dev.mapisync.store.imap;

import java.lang.annotation.Annotation;

/** An IMAP account configuration as DS would hand it over: GreenMail on loopback by default. */
class TestConfig implements ImapConfig {
    String account = "work";
    String host = "127.0.0.1";
    int port = 143;
    String security = "NONE";
    String user = Harness.USER;
    String password = Harness.PASSWORD;
    String[] include = {};
    String[] exclude = {};
    boolean headersOnly;
    int connections = 5;
    int timeoutMillis = 5_000;
    double deletionShare = 0.5;
    int deletionMinimum = 10;
    String[] confirmDeletions = {};

    @Override
    public Class<? extends Annotation> annotationType() {
        return ImapConfig.class;
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String security() {
        return security;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String[] includeFolders() {
        return include;
    }

    @Override
    public String[] excludeFolders() {
        return exclude;
    }

    @Override
    public long mapisync_sync_interval() {
        return 0;
    }

    @Override
    public boolean headersOnly() {
        return headersOnly;
    }

    @Override
    public String trustStore() {
        return "";
    }

    @Override
    public String trustStorePassword() {
        return "";
    }

    @Override
    public int connections() {
        return connections;
    }

    @Override
    public int timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public double deletionShare() {
        return deletionShare;
    }

    @Override
    public int deletionMinimum() {
        return deletionMinimum;
    }

    @Override
    public String[] confirmDeletions() {
        return confirmDeletions;
    }
}
