package dev.mapisync.mail.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A TLS context that trusts the certificates of a configured trust store (PKCS12, or JKS by its name). */
public final class TrustStores {

    private TrustStores() {
    }

    /** @throws IllegalArgumentException if the configured file cannot be read, naming it */
    public static void checkReadable(String where, String trustStore) {
        if (!trustStore.isEmpty() && !Files.isReadable(Path.of(trustStore))) {
            throw new IllegalArgumentException(where + "trust store " + trustStore + " cannot be read");
        }
    }

    /**
     * @param account the account, for the message
     * @throws IllegalArgumentException if the store cannot be used, naming it
     */
    public static SSLContext trusting(String account, String trustStore, char[] password) {
        Path file = Path.of(trustStore);
        try (InputStream in = Files.newInputStream(file)) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            KeyStore keys = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
            keys.load(in, password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keys);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(account + ": trust store " + file + " cannot be used: " + e.getMessage(), e);
        }
    }
}
