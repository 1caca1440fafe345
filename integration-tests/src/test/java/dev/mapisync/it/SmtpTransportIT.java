package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.SubmitResult;
import dev.mapisync.api.transport.Transport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntSupplier;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The SMTP transport inside Felix: configured through ConfigAdmin, it finds its embedded
 * Angus Mail provider and delivers to a GreenMail server on 127.0.0.1.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SmtpTransportIT {

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] config() {
        int port = MailServers.startSmtp();
        return options(TestBundles.base(), TestBundles.runtime(), TestBundles.mapisync("api"),
                TestBundles.mapisync("transport.smtp"),
                systemProperty(MailServers.SMTP_PORT).value(Integer.toString(port)));
    }

    @Test
    public void aConfiguredAccountDeliversThroughAngusMailInsideOsgi() throws Exception {
        MailServers.configureSmtpAccount(configurationAdmin, "it");

        ServiceTracker<Transport, Transport> tracker = new ServiceTracker<>(context, Transport.class, null);
        tracker.open();
        Transport transport = tracker.waitForService(10_000);
        assertNotNull("the SMTP transport registers for its account", transport);
        assertEquals("smtp:it", transport.identity().id());

        byte[] mail = ("From: ada@example.org\r\nTo: bob@example.org\r\nSubject: from OSGi\r\n\r\nHi.\r\n")
                .getBytes(StandardCharsets.UTF_8);
        Recipient bob = Recipient.smtp("bob@example.org");
        SubmitResult result = transport.submit(new OutgoingMessage(new MessageId("osgi-1"), "ada@example.org",
                List.of(bob), () -> new ByteArrayInputStream(mail)));
        assertTrue(result.toString(), result.allAccepted());
        IntSupplier received = (IntSupplier) System.getProperties().get(MailServers.SMTP_RECEIVED);
        Await.until("GreenMail received the message", () -> received.getAsInt() == 1, received::getAsInt);
    }
}
