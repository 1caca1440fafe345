package dev.mapisync.transport.smtp;

import java.lang.annotation.Annotation;

/** An SMTP account configuration as DS would hand it over. */
class TestConfig implements SmtpConfig {
    String account = "work";
    String host = "127.0.0.1";
    int port = 587;
    String security = "NONE";
    String user = "";
    String password = "";
    int timeoutMillis = 5_000;
    int dataTimeoutMillis = 600_000;

    @Override
    public Class<? extends Annotation> annotationType() {
        return SmtpConfig.class;
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
    public String trustStore() {
        return "";
    }

    @Override
    public String trustStorePassword() {
        return "";
    }

    @Override
    public int timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public int dataTimeoutMillis() {
        return dataTimeoutMillis;
    }
}
