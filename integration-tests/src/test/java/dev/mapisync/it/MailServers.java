package dev.mapisync.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.user.GreenMailUser;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.IntSupplier;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * GreenMail servers started beside the framework (in the test driver, on 127.0.0.1), for
 * the life of the JVM. Test code inside the framework cannot see GreenMail's classes; it reads
 * what a server received through a JDK type left in the system properties.
 */
final class MailServers {

    /** System property (an {@link IntSupplier}): how many messages the SMTP server received. */
    static final String SMTP_RECEIVED = "mapisync.test.smtp.received";

    /** System property the framework gets: the SMTP server's port. */
    static final String SMTP_PORT = "mapisync.test.smtp.port";

    private MailServers() {
    }

    /** Configures an SMTP transport account for the server whose port the framework got as a system property. */
    static void configureSmtpAccount(ConfigurationAdmin configurationAdmin, String account) throws IOException {
        Configuration configuration = configurationAdmin.createFactoryConfiguration("dev.mapisync.transport.smtp", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("account", account);
        properties.put("host", "127.0.0.1");
        properties.put("port", Integer.parseInt(System.getProperty(SMTP_PORT)));
        properties.put("security", "NONE");
        configuration.update(properties);
    }

    /** System property the framework gets: the IMAP server's port. */
    static final String IMAP_PORT = "mapisync.test.imap.port";
    static final String IMAP_USER = "ada";
    static final String IMAP_PASSWORD = "imap-test-password";

    /**
     * @param messages how many messages the user's INBOX holds
     * @return the port of a new IMAP server with one user
     */
    static int startImap(int messages) throws Exception {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort());
        greenMail.start();
        GreenMailUser user = greenMail.setUser("ada@example.org", IMAP_USER, IMAP_PASSWORD);
        for (int i = 0; i < messages; i++) {
            String text = "From: bob@example.org\r\nTo: ada@example.org\r\nSubject: message " + i + "\r\n\r\nBody " + i
                    + ".\r\n";
            user.deliver(new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
        return greenMail.getImap().getPort();
    }

    /** Configures an IMAP store account for the server whose port the framework got as a system property. */
    static void configureImapAccount(ConfigurationAdmin configurationAdmin, String account, String password)
            throws IOException {
        Configuration configuration = configurationAdmin.createFactoryConfiguration("dev.mapisync.store.imap", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("account", account);
        properties.put("host", "127.0.0.1");
        properties.put("port", Integer.parseInt(System.getProperty(IMAP_PORT)));
        properties.put("security", "NONE");
        properties.put("user", IMAP_USER);
        properties.put("password", password);
        properties.put("mapisync.sync.interval", 0L);
        configuration.update(properties);
    }

    /** @return the port of a new SMTP server; its received count is under {@link #SMTP_RECEIVED} */
    static int startSmtp() {
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        IntSupplier received = () -> greenMail.getReceivedMessages().length;
        System.getProperties().put(SMTP_RECEIVED, received);
        Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
        return greenMail.getSmtp().getPort();
    }
}
