package dev.mapisync.api.transport;

import dev.mapisync.api.message.MessageContent;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.Recipient;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A message on its way out: its envelope and its content.
 *
 * <p>MAPI counterpart: the {@code IMessage} handed to {@code IXPLogon::SubmitMessage},
 * with its recipient table and {@code PR_SENDER_EMAIL_ADDRESS}. The id is the message's id
 * in the Outbox and stays the same across retries, so a transport may use it to avoid a
 * second send. Immutable and thread-safe.
 *
 * @param id the message's id in the Outbox
 * @param sender the envelope sender (SMTP {@code MAIL FROM})
 * @param recipients the envelope recipients, at least one, no duplicates
 * @param content the raw RFC 5322 bytes
 */
public record OutgoingMessage(MessageId id, String sender, List<Recipient> recipients, MessageContent content) {

    /** @throws IllegalArgumentException if a part is missing, there is no recipient, or one is repeated */
    public OutgoingMessage {
        Objects.requireNonNull(id, "OutgoingMessage: id is required");
        Objects.requireNonNull(sender, "OutgoingMessage: sender is required");
        Objects.requireNonNull(content, "OutgoingMessage: content is required");
        Objects.requireNonNull(recipients, "OutgoingMessage: recipients are required");
        if (sender.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("OutgoingMessage " + id + ": sender must not contain control characters");
        }
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("OutgoingMessage " + id + ": at least one recipient is required");
        }
        if (Set.copyOf(recipients).size() != recipients.size()) {
            throw new IllegalArgumentException("OutgoingMessage " + id + ": a recipient is listed twice");
        }
    }
}
