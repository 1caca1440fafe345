package dev.mapisync.it;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

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
    private final ServerSocket relay;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    SlowSmtp() throws IOException {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        relay = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "slow-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return relay.getLocalPort();
    }

    private void accept() {
        while (!relay.isClosed()) {
            try {
                Socket client = relay.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), greenMail.getSmtp().getPort());
                open.add(client);
                open.add(server);
                pipe(client, server, 0);
                pipe(server, client, DELAY_MILLIS);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to, long delay) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                    if (delay > 0) {
                        Thread.sleep(delay);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ignored) {
                // Closed by an end, or the host was killed.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close(from);
                close(to);
            }
        }, "slow-smtp-pipe");
        thread.setDaemon(true);
        thread.start();
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

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        relay.close();
        open.forEach(SlowSmtp::close);
        greenMail.stop();
    }
}
