package dev.mapisync.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
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
