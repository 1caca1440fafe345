package dev.mapisync.api.transport;

import dev.mapisync.api.Status;
import java.util.Objects;

/**
 * What became of a message for one recipient.
 *
 * <p>MAPI counterpart: a recipient's {@code PR_RESPONSIBILITY} and the non-delivery
 * reason ({@code PR_NDR_REASON_CODE}, {@code PR_REPORT_TEXT}) a transport sets. Immutable
 * and thread-safe.
 *
 * @param outcome accepted, transient failure, permanent failure or unknown
 * @param status {@link Status#SUCCESS} when accepted, the failure's kind otherwise
 * @param text the server's or transport's words, for the user; no secrets
 */
public record RecipientResult(Outcome outcome, Status status, String text) {

    /** The ways a submission ends for a recipient. */
    public enum Outcome {
        /** The server took responsibility for the message. */
        ACCEPTED,
        /** Not sent now; trying again later may work (SMTP 4xx, network failure). */
        TRANSIENT_FAILURE,
        /** Not sent and trying again will not help (SMTP 5xx). */
        PERMANENT_FAILURE,
        /**
         * Nobody knows: the whole message went out but the server's answer never came (the
         * connection broke or timed out after SMTP's final "."). The server may have accepted
         * it, so the host never sends it again on its own; it waits for the user.
         *
         * @since 1.1
         */
        UNKNOWN
    }

    /** @throws IllegalArgumentException if the status contradicts the outcome */
    public RecipientResult {
        Objects.requireNonNull(outcome, "RecipientResult: outcome is required");
        Objects.requireNonNull(status, "RecipientResult: status is required");
        Objects.requireNonNull(text, "RecipientResult: text is required");
        if ((outcome == Outcome.ACCEPTED) != status.succeeded()) {
            throw new IllegalArgumentException("RecipientResult: outcome " + outcome + " does not go with status " + status);
        }
    }

    /** @return the message was accepted */
    public static RecipientResult accepted() {
        return new RecipientResult(Outcome.ACCEPTED, Status.SUCCESS, "accepted");
    }

    /**
     * @param status the failure's kind, for example {@link Status#NETWORK}
     * @param text the reason
     * @return a failure worth retrying
     */
    public static RecipientResult transientFailure(Status status, String text) {
        return new RecipientResult(Outcome.TRANSIENT_FAILURE, status, text);
    }

    /**
     * @param status the failure's kind, for example {@link Status#PROTOCOL}
     * @param text the reason
     * @return a failure not worth retrying
     */
    public static RecipientResult permanentFailure(Status status, String text) {
        return new RecipientResult(Outcome.PERMANENT_FAILURE, status, text);
    }

    /**
     * @param status what broke, for example {@link Status#TIMEOUT} or {@link Status#NETWORK}
     * @param text what happened, for the user
     * @return an outcome nobody knows: the message may have been accepted
     * @since 1.1
     */
    public static RecipientResult unknown(Status status, String text) {
        return new RecipientResult(Outcome.UNKNOWN, status, text);
    }
}
