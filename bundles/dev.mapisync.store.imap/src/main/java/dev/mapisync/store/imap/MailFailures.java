package dev.mapisync.store.imap;

import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import java.io.IOException;

/** What kind of failure an exception of mail code is, and its text for the host. */
final class MailFailures {

    private MailFailures() {
    }

    /** @return whether the connection broke (another attempt may get through) */
    static boolean isNetwork(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof MessagingException m ? m.getNextException() : null) {
            // ConnectionException: Angus's word for a connection that broke (it answers a synthetic BYE).
            if (t instanceof IOException || t instanceof FolderClosedException || t instanceof StoreClosedException
                    || t instanceof org.eclipse.angus.mail.iap.ConnectionException) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }

    /** @return whether a TLS handshake failed on the certificate: retrying will not help */
    static boolean isCertificate(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.security.cert.CertificateException) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }

    /** @return the failure's message on one line, or its kind if it has none */
    static String text(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ").trim();
    }
}
