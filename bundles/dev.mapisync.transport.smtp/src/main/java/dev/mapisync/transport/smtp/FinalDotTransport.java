package dev.mapisync.transport.smtp;

import dev.mapisync.mail.support.SocketRecorder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.net.Socket;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport, aware of the moment the message's end goes out (the final
 * "." of DATA, or the last BDAT chunk). From then on the server may hold the message, so a
 * failure is no longer a failure to send but an unknown outcome; and the server's answer
 * gets the DATA reply timeout (RFC 5321, 4.5.3.2.6: ten minutes) instead of the command
 * timeout, as a server may check the whole message before it answers.
 */
final class FinalDotTransport extends SMTPTransport {

    private final SocketRecorder sockets;
    private final int commandTimeoutMillis;
    private final int dataReplyTimeoutMillis;
    private boolean endSent;

    FinalDotTransport(Session session, SmtpSettings settings, SocketRecorder sockets) {
        super(session, new URLName(MailSessions.protocol(settings), settings.host(), settings.port(), null, null, null),
                MailSessions.protocol(settings), "smtps".equals(MailSessions.protocol(settings)));
        this.sockets = sockets;
        this.commandTimeoutMillis = settings.timeoutMillis();
        this.dataReplyTimeoutMillis = settings.dataTimeoutMillis();
    }

    /** @return whether the end of a message went out on this connection */
    synchronized boolean endSent() {
        return endSent;
    }

    @Override
    protected synchronized void finishData() throws IOException, MessagingException {
        awaitingTheVerdict(true);
        super.finishData();
        awaitingTheVerdict(false);
    }

    @Override
    protected synchronized void finishBdat() throws IOException, MessagingException {
        awaitingTheVerdict(true);
        super.finishBdat();
        awaitingTheVerdict(false);
    }

    private void awaitingTheVerdict(boolean awaiting) throws IOException {
        if (awaiting) {
            endSent = true;
        }
        Socket socket = sockets.current();
        if (socket != null && !socket.isClosed()) {
            socket.setSoTimeout(awaiting ? dataReplyTimeoutMillis : commandTimeoutMillis);
        }
    }
}
