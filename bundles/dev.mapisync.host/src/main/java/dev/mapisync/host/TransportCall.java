package dev.mapisync.host;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.RunSummary;
import dev.mapisync.api.host.TaskError;
import dev.mapisync.api.message.Recipient;
import dev.mapisync.api.transport.OutgoingMessage;
import dev.mapisync.api.transport.RecipientResult;
import dev.mapisync.api.transport.SubmitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call of a transport's {@code submit}: on a thread of its own, bounded in time, so that
 * provider code never holds the drain. Whatever goes wrong becomes a per-recipient result
 * (a timeout, a throw or no result is an unknown outcome: the transport may have sent it),
 * except the host stopping; how the call went is kept in the transport's status.
 */
final class TransportCall {

    /** The most errors a transport's status shows for one submission. */
    private static final int ERRORS_KEPT = 10;

    private final ExecutorService threads;

    TransportCall(ExecutorService threads) {
        this.threads = threads;
    }

    /**
     * @return a result for each of the message's recipients
     * @throws InterruptedException if the host is stopping: the outcome is then unknown, and
     *         the journal keeps the submission marked as under way
     */
    Map<Recipient, RecipientResult> submit(TransportTable.Entry transport, OutgoingMessage message, Duration timeout)
            throws InterruptedException {
        Instant started = Instant.now();
        transport.submitting();
        Map<Recipient, RecipientResult> results = new HashMap<>();
        RecipientResult failure;
        try {
            failure = call(transport, message, timeout, results);
        } finally {
            transport.submitted();
        }
        List<TaskError> errors = new ArrayList<>();
        for (Recipient recipient : message.recipients()) {
            RecipientResult result = failure != null ? failure : results.get(recipient);
            if (result == null) {
                result = RecipientResult.unknown(Status.PROVIDER_FAULT, "the transport gave no result for " + recipient);
            }
            results.put(recipient, result);
            if (result.outcome() != RecipientResult.Outcome.ACCEPTED) {
                errors.add(TransportTable.error(result.status(), "message " + message.id() + " to " + recipient + ": "
                        + result.text()));
            }
        }
        record(transport, message, started, errors);
        return results;
    }

    /** @return the one result for every recipient when the call itself went wrong, else null with {@code results} filled */
    private RecipientResult call(TransportTable.Entry transport, OutgoingMessage message, Duration timeout,
            Map<Recipient, RecipientResult> results) throws InterruptedException {
        Future<SubmitResult> call;
        try {
            call = threads.submit(() -> transport.transport().submit(message));
        } catch (RejectedExecutionException e) {
            if (threads.isShutdown()) {
                throw new InterruptedException("the host is stopping");
            }
            return RecipientResult.transientFailure(Status.PROVIDER_FAULT, "every transport call thread is busy");
        }
        try {
            SubmitResult result = call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (result == null) {
                return RecipientResult.unknown(Status.PROVIDER_FAULT, "the transport returned no result");
            }
            results.putAll(result.results());
            return null;
        } catch (TimeoutException e) {
            // Given up on, the call may still be sending: interrupted, and never repeated by itself.
            call.cancel(true);
            return RecipientResult.unknown(Status.TIMEOUT,
                    "the transport did not finish within " + timeout.toSeconds() + " s (syncTimeoutSeconds)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedException) {
                throw new InterruptedException("the host stopped during the submission of " + message.id());
            }
            return RecipientResult.unknown(Status.PROVIDER_FAULT, "the transport threw "
                    + Failures.describe(e.getCause()) + " and may have sent it");
        }
    }

    private static void record(TransportTable.Entry transport, OutgoingMessage message, Instant started,
            List<TaskError> errors) {
        int recipients = message.recipients().size();
        Status overall = errors.isEmpty() ? Status.SUCCESS : errors.size() < recipients ? Status.PARTIAL
                : errors.get(0).status();
        List<TaskError> kept = errors;
        if (errors.size() > ERRORS_KEPT) {
            // A transport's status stays readable when a server refuses hundreds of recipients.
            int more = errors.size() - ERRORS_KEPT + 1;
            kept = new ArrayList<>(errors.subList(0, ERRORS_KEPT - 1));
            kept.add(TransportTable.error(overall, "message " + message.id() + ": and " + more + " more recipients"));
        }
        transport.finished(new RunSummary(overall, started, Duration.between(started, Instant.now())), kept);
    }
}
