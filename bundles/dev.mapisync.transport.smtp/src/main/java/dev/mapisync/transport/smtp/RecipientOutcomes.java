package dev.mapisync.transport.smtp;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.transport.RecipientResult;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPAddressSucceededException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Turns what Angus Mail reports into a result per recipient: SMTP 4xx and network failures
 * are transient, 5xx permanent; a recipient the server accepted is accepted, whatever
 * happened to the others.
 */
final class RecipientOutcomes {

    private RecipientOutcomes() {
    }

    /** Results when the whole submission failed before any recipient was judged. */
    static Map<Recipient, RecipientResult> all(List<Recipient> recipients, RecipientResult result) {
        Map<Recipient, RecipientResult> results = new HashMap<>();
        recipients.forEach(r -> results.put(r, result));
        return results;
    }

    /** The result for every recipient of a submission that threw. */
    static Map<Recipient, RecipientResult> of(List<Recipient> recipients, MessagingException failure) {
        if (failure instanceof AuthenticationFailedException) {
            return all(recipients, RecipientResult.permanentFailure(Status.LOGON,
                    "the server refused the account's credentials: " + text(failure)));
        }
        if (!(failure instanceof SendFailedException sendFailed)) {
            return all(recipients, whole(failure));
        }
        Map<String, RecipientResult> byAddress = new HashMap<>();
        for (Exception next = sendFailed; next != null; next = next instanceof MessagingException m ? m.getNextException()
                : null) {
            if (next instanceof SMTPAddressFailedException address) {
                byAddress.put(key(address.getAddress()), byCode(address.getReturnCode(), text(address)));
            } else if (next instanceof SMTPAddressSucceededException address) {
                byAddress.put(key(address.getAddress()), RecipientResult.accepted());
            }
        }
        mark(byAddress, sendFailed.getValidSentAddresses(), RecipientResult.accepted());
        RecipientResult rest = sendFailed instanceof SMTPSendFailedException command
                ? byCode(command.getReturnCode(), text(command))
                : RecipientResult.transientFailure(Status.NETWORK, "not sent: " + text(sendFailed));
        Map<Recipient, RecipientResult> results = new HashMap<>();
        for (Recipient recipient : recipients) {
            results.put(recipient, byAddress.getOrDefault(key(recipient.address()), rest));
        }
        return results;
    }

    /**
     * The result for every recipient of a submission that failed after the end of the message
     * went out. An answer from the server still decides; without one (a timeout, a broken
     * connection) nobody knows whether the server took the message, so the outcome is unknown
     * for every recipient it did not refuse already.
     */
    static Map<Recipient, RecipientResult> afterTheEnd(List<Recipient> recipients, MessagingException failure) {
        if (failure instanceof SMTPSendFailedException answered && answered.getReturnCode() >= 200
                && answered.getReturnCode() < 600) {
            return of(recipients, failure);
        }
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure.getNextException();
        RecipientResult unknown = RecipientResult.unknown(cause instanceof SocketTimeoutException ? Status.TIMEOUT
                : Status.NETWORK, "the message went out but the server's answer never came (" + text(failure)
                + "); the server may have accepted it");
        Map<Recipient, RecipientResult> results = of(recipients, failure);
        results.replaceAll((recipient, result) -> refusedAtRcpt(failure, recipient) ? result : unknown);
        return results;
    }

    private static boolean refusedAtRcpt(MessagingException failure, Recipient recipient) {
        for (Exception next = failure; next != null; next = next instanceof MessagingException m ? m.getNextException()
                : null) {
            if (next instanceof SMTPAddressFailedException address && key(address.getAddress()).equals(
                    key(recipient.address()))) {
                return true;
            }
        }
        return false;
    }

    private static void mark(Map<String, RecipientResult> byAddress, Address[] addresses, RecipientResult result) {
        if (addresses != null) {
            for (Address address : addresses) {
                byAddress.putIfAbsent(key(address), result);
            }
        }
    }

    /** SMTP's rule: 4xx try again later, 5xx do not. */
    static RecipientResult byCode(int code, String text) {
        if (code >= 400 && code < 500) {
            return RecipientResult.transientFailure(Status.NETWORK, text);
        }
        if (code >= 500 && code < 600) {
            return RecipientResult.permanentFailure(code == 552 ? Status.QUOTA : Status.PROTOCOL, text);
        }
        return RecipientResult.transientFailure(Status.PROTOCOL, "unexpected reply " + code + ": " + text);
    }

    private static RecipientResult whole(MessagingException failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure.getNextException();
        if (cause instanceof SocketTimeoutException) {
            return RecipientResult.transientFailure(Status.TIMEOUT, "the server did not answer in time: " + text(failure));
        }
        if (cause instanceof IOException) {
            return RecipientResult.transientFailure(Status.NETWORK, "the server cannot be reached: " + text(failure));
        }
        return RecipientResult.transientFailure(Status.PROTOCOL, text(failure));
    }

    private static String key(Address address) {
        return address instanceof InternetAddress internet ? key(internet.getAddress()) : key(String.valueOf(address));
    }

    private static String key(String address) {
        return address == null ? "" : address.trim().toLowerCase(Locale.ROOT);
    }

    private static String text(Exception e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        String text = message == null ? e.getClass().getSimpleName() : message.trim();
        // A chained address failure is reported on its own; a low-level cause says why the whole failed.
        if (cause != null && !(cause instanceof MessagingException) && cause.getMessage() != null
                && !text.contains(cause.getMessage())) {
            text += " (" + cause.getMessage() + ")";
        }
        return text.replaceAll("\\s+", " ");
    }
}
