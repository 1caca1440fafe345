package dev.mapisync.transport.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An SMTP server on 127.0.0.1 whose answers the test decides: how long it takes to answer
 * the final "." (after it has taken the message), whether it answers at all, and how many
 * recipients one transaction may have (452 for the rest, as RFC 5321 4.5.3.1.10 allows). It
 * records every message it took, with its recipients, before it answers: what it holds is
 * what a real server would have accepted. For the transport's tests and the integration
 * tests.
 */
public final class ScriptedSmtp implements AutoCloseable {

    /** What the server does once it has the whole message. */
    public enum AtTheEnd {
        /** Answers 250 after the delay. */
        ANSWER,
        /** Closes the connection without a word, after the delay. */
        HANG_UP
    }

    /** A message the server took, and for whom. */
    public record Taken(List<String> recipients, String content) {

        /** @return the message's Message-ID header, {@code "?"} if it has none */
        public String messageId() {
            for (String line : content.split("\r\n")) {
                if (line.isEmpty()) {
                    break;
                }
                if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                    return line.substring(11).trim();
                }
            }
            return "?";
        }
    }

    private static final int MAX_CONNECTIONS = 10_000;

    private final ServerSocket server;
    private final List<Taken> taken = Collections.synchronizedList(new ArrayList<>());
    private volatile Duration finalReplyDelay = Duration.ZERO;
    private volatile AtTheEnd atTheEnd = AtTheEnd.ANSWER;
    private volatile int recipientsPerTransaction = Integer.MAX_VALUE;
    private volatile boolean silent;

    public ScriptedSmtp() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public ScriptedSmtp finalReplyAfter(Duration delay, AtTheEnd then) {
        finalReplyDelay = delay;
        atTheEnd = then;
        return this;
    }

    /** Takes connections and never says a word: the client's timeout is what ends them. */
    public ScriptedSmtp silent() {
        silent = true;
        return this;
    }

    public ScriptedSmtp recipientsPerTransaction(int limit) {
        recipientsPerTransaction = limit;
        return this;
    }

    /** @return the messages taken so far, oldest first */
    public List<Taken> taken() {
        synchronized (taken) {
            return List.copyOf(taken);
        }
    }

    /** @return how often the server took each message (by its Message-ID) for each recipient */
    public Map<String, Map<String, Integer>> deliveries() {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (Taken message : taken()) {
            Map<String, Integer> byRecipient = counts.computeIfAbsent(message.messageId(), k -> new HashMap<>());
            message.recipients().forEach(r -> byRecipient.merge(r, 1, Integer::sum));
        }
        return counts;
    }

    private void accept() {
        for (int i = 0; i < MAX_CONNECTIONS && !server.isClosed(); i++) {
            try {
                Socket client = server.accept();
                Thread session = new Thread(() -> serve(client), "scripted-smtp-" + i);
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                StandardCharsets.ISO_8859_1)); OutputStream out = client.getOutputStream()) {
            if (silent) {
                while (in.read() >= 0) {
                    // Heard and never answered, until the client gives up and closes.
                }
                return;
            }
            say(out, "220 scripted ESMTP");
            List<String> recipients = new ArrayList<>();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String verb = line.length() < 4 ? line.toUpperCase(Locale.ROOT) : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> say(out, "250-scripted\r\n250 8BITMIME");
                    case "HELO" -> say(out, "250 scripted");
                    case "MAIL" -> {
                        recipients.clear();
                        say(out, "250 2.1.0 ok");
                    }
                    case "RCPT" -> {
                        if (recipients.size() >= recipientsPerTransaction) {
                            say(out, "452 4.5.3 too many recipients");
                        } else {
                            recipients.add(line.substring(line.indexOf('<') + 1, line.lastIndexOf('>')));
                            say(out, "250 2.1.5 ok");
                        }
                    }
                    case "DATA" -> {
                        say(out, "354 go on");
                        if (!takeMessage(in, out, List.copyOf(recipients))) {
                            return;
                        }
                    }
                    case "RSET" -> {
                        recipients.clear();
                        say(out, "250 2.0.0 ok");
                    }
                    case "NOOP" -> say(out, "250 2.0.0 ok");
                    case "QUIT" -> {
                        say(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> say(out, "502 5.5.2 not known here");
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client went, or the test ended.
        }
    }

    /** @return whether the connection goes on */
    private boolean takeMessage(BufferedReader in, OutputStream out, List<String> recipients)
            throws IOException, InterruptedException {
        StringBuilder content = new StringBuilder();
        for (String line = in.readLine(); !".".equals(line); line = in.readLine()) {
            if (line == null) {
                return false;
            }
            content.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
        }
        taken.add(new Taken(recipients, content.toString()));
        Thread.sleep(finalReplyDelay.toMillis());
        if (atTheEnd == AtTheEnd.HANG_UP) {
            return false;
        }
        say(out, "250 2.0.0 queued");
        return true;
    }

    private static void say(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
