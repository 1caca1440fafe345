package dev.mapisync.it;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mapisync.store.local.Relay;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * An SMTP server on 127.0.0.1 that takes its time: GreenMail behind a relay that holds each
 * answer back {@value #DELAY_MILLIS} ms, so that a submission spends most of its time on the
 * wire, where a kill hits it: between the server's acceptance and the host hearing of it,
 * too. GreenMail stores a message before it answers 250, so what it holds is what the server
 * accepted; it counts each message's deliveries in each recipient's mailbox.
 */
final class SlowSmtp implements AutoCloseable {

    static final long DELAY_MILLIS = 15;

    private final GreenMail greenMail;
    private final Relay relay;

    SlowSmtp() throws IOException {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        relay = new Relay(greenMail.getSmtp().getPort(), Relay.COPY, (from, to, connection) -> {
            byte[] buffer = new byte[16 * 1024];
            for (int read = from.read(buffer); read > 0; read = from.read(buffer)) {
                Thread.sleep(DELAY_MILLIS);
                to.write(buffer, 0, read);
                to.flush();
            }
        });
    }

    int port() {
        return relay.port();
    }

    /**
     * @return how often the server accepted each message (by Message-ID) for each recipient,
     *         counted in each recipient's mailbox
     */
    Map<String, Map<String, Integer>> deliveries() throws MessagingException, FolderException {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (String recipient : QueuedMail.RECIPIENTS) {
            GreenMailUser user = greenMail.getUserManager().getUserByEmail(recipient);
            if (user == null) {
                continue;
            }
            for (StoredMessage stored : greenMail.getManagers().getImapHostManager().getInbox(user).getMessages()) {
                String[] id = stored.getMimeMessage().getHeader("Message-ID");
                counts.computeIfAbsent(id == null ? "?" : id[0], k -> new HashMap<>()).merge(recipient, 1, Integer::sum);
            }
        }
        return counts;
    }

    int received() {
        return greenMail.getReceivedMessages().length;
    }

    @Override
    public void close() throws IOException {
        relay.close();
        greenMail.stop();
    }
}
