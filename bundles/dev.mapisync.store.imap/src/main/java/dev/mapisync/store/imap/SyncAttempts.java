package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.sync.SyncFlag;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The attempts of one sync and what ends each. An attempt logs in (or takes the connection the
 * last sync kept) and runs the phases: the upload of journaled changes, the hierarchy, then the
 * folders. A broken connection is another attempt after a backoff, {@link #ATTEMPTS} at most;
 * some failures are followed by a free one that does not count ({@link FreeRetry}); a logon,
 * certificate or protocol failure ends the sync at once.
 */
final class SyncAttempts {

    static final int ATTEMPTS = 3;
    static final long FIRST_BACKOFF_MILLIS = 500;

    /** Why an attempt that failed is followed by one that does not count as failed. */
    enum FreeRetry {
        /** The response guard refused an answer: what it was about is dealt with from now on (see {@link Refusals}). */
        REFUSED_ANSWER,
        /** The kept connection died while unused (an idle logout, say): the attempt logs in anew. */
        KEPT_CONNECTION_DIED,
        /**
         * A batch fetch broke the connection: perhaps one message the server cannot serve, so
         * that folder goes one by one, where such a message is found and skipped (once per folder).
         */
        ONE_AT_A_TIME
    }

    private final SyncParts parts;
    /** Attempts that failed so far (free ones do not count). */
    private int failed;
    private long backoff = FIRST_BACKOFF_MILLIS;

    SyncAttempts(SyncParts parts) {
        this.parts = parts;
    }

    /** @return how the sync ended; run once */
    Status run() throws StoreException {
        ImapSettings settings = parts.settings();
        if (settings.unresolvedSecret().isPresent()) {
            parts.progress().error(Status.LOGON, "IMAP account " + settings.account() + ": "
                    + settings.unresolvedSecret().get());
            return Status.LOGON;
        }
        while (true) {
            if (parts.cancelled()) {
                return Status.CANCELLED;
            }
            parts.refusals().forgetEarlier();
            Attempt attempt = null;
            try {
                // Only until an attempt failed: the connection kept by the last sync, if one is left.
                attempt = begin(failed == 0);
                if (attempt == null || parts.cancelled()) {
                    return Status.CANCELLED;
                }
                return through(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.CANCELLED;
            } catch (AuthenticationFailedException e) {
                parts.progress().error(Status.LOGON, "the server " + settings.host() + " refused the credentials of "
                        + settings.user() + ": " + e.getMessage());
                return Status.LOGON;
            } catch (MessagingException | IOException e) {
                Optional<Status> end = afterFailure(e, attempt);
                if (end.isPresent()) {
                    return end.get();
                }
            } finally {
                if (attempt != null) {
                    attempt.close();
                }
            }
        }
    }

    /** Runs the attempt's phases; @return how the sync ended, if it got through */
    private Status through(Attempt attempt) throws MessagingException, IOException, StoreException {
        // What an earlier attempt handed to the writers is in the replica before this one plans.
        parts.awaitWriters();
        syncOnce(attempt);
        if (parts.cancelled()) {
            return Status.CANCELLED;
        }
        // The next sync starts logged in, with the looks that confirm kept folders cheap already.
        attempt.keepConnections(parts.kept());
        return parts.progress().partial() ? Status.PARTIAL : Status.SUCCESS;
    }

    /**
     * @param attempt the attempt that failed, or null if its login did
     * @return how the sync ends, if this failure ends it; empty for another attempt
     */
    private Optional<Status> afterFailure(Exception e, Attempt attempt) {
        if (parts.cancelled()) {
            return Optional.of(Status.CANCELLED);
        }
        Optional<FreeRetry> free = refusedAnswer();
        if (free.isEmpty()) {
            Optional<Status> end = verdict(e);
            if (end.isPresent()) {
                return end;
            }
            free = afterBrokenConnection(attempt);
        }
        if (free.isPresent()) {
            return Optional.empty();
        }
        if (++failed == ATTEMPTS) {
            parts.progress().error(Status.NETWORK, "the server " + parts.settings().host() + " cannot be reached after "
                    + ATTEMPTS + " attempts: " + MailFailures.text(e));
            return Optional.of(Status.NETWORK);
        }
        parts.progress().step("Connection lost (" + MailFailures.text(e) + "); trying again");
        if (!parts.cancel().pause(backoff)) {
            return Optional.of(Status.CANCELLED);
        }
        backoff *= 2;
        return Optional.empty();
    }

    /**
     * @param mayReuse whether the connection the last sync kept may be taken
     * @return the attempt on its connection; null if cancelled while waiting for the host's budget
     */
    private Attempt begin(boolean mayReuse) throws MessagingException, InterruptedException {
        ImapConnection reusable = mayReuse ? parts.kept().take() : null;
        if (reusable != null) {
            return new Attempt(reusable, true, parts.replica(), parts.cancel());
        }
        parts.progress().step("Connecting to " + parts.settings().host());
        // The host's budget may make this wait for another account's sync to end (or a kept one to close).
        Optional<ConnectionPermits.Permit> permit = parts.budget().connections().first(parts.settings().account(),
                parts::cancelled);
        if (permit.isEmpty()) {
            return null;
        }
        return new Attempt(ImapLogin.open(parts.session(), parts.settings(), permit.get()), false, parts.replica(),
                parts.cancel());
    }

    /** One attempt's phases. */
    private void syncOnce(Attempt attempt) throws MessagingException, IOException, StoreException {
        char separator = ImapConnection.withMailClassLoader(attempt.main()::separator);
        // What other software changed in the replica's files goes into the journal first, whatever this sync does.
        Map<FolderPath, String> held = parts.replica().journalOutsideChanges(parts.settings().deletionSafety());
        held.values().forEach(why -> parts.progress().skipped(Status.PARTIAL, why));
        if (parts.has(SyncFlag.UPLOAD_HIERARCHY) || parts.has(SyncFlag.UPLOAD_CONTENTS)) {
            ChangeUpload.uploadPending(parts, attempt.main(), separator);
        }
        HierarchyMirror hierarchy = new HierarchyMirror(parts, attempt, separator);
        Map<FolderPath, String> folders = new java.util.LinkedHashMap<>(hierarchy.serverFolders());
        // A held folder is left as it is: neither filled again from the server nor compared.
        folders.keySet().removeAll(held.keySet());
        if (parts.has(SyncFlag.DOWNLOAD_HIERARCHY)) {
            hierarchy.mirror(folders.keySet());
        }
        if (parts.has(SyncFlag.DOWNLOAD_CONTENTS)) {
            new FolderWorkers(parts, attempt, folders).run();
            parts.awaitWriters();
        }
        // A look after this sync's own writes, so that the next sync, if nothing changed, reads no folder. What another
        // program changed meanwhile is journaled now, and uploaded next time; a folder it would hold is reported then.
        parts.replica().journalOutsideChanges(parts.settings().deletionSafety());
        parts.progress().finished();
    }

    /** @return {@link FreeRetry#REFUSED_ANSWER} (reported) if the guard's refusal broke the connection off */
    private Optional<FreeRetry> refusedAnswer() {
        Optional<String> why = parts.refusals().freeAttempt();
        why.ifPresent(what -> parts.progress().step(what + "; connecting anew"));
        return why.map(what -> FreeRetry.REFUSED_ANSWER);
    }

    /**
     * @param attempt the attempt whose connection broke, or null if its login did
     * @return why the next attempt is free (reported), if it is
     */
    private Optional<FreeRetry> afterBrokenConnection(Attempt attempt) {
        if (attempt == null) {
            return Optional.empty();
        }
        if (attempt.keptConnectionDied()) {
            return Optional.of(FreeRetry.KEPT_CONNECTION_DIED);
        }
        FolderPath batching = attempt.brokeBatching();
        if (batching != null && parts.troubles().goOneByOne(batching)) {
            parts.progress().step(batching + ": fetching one message at a time");
            return Optional.of(FreeRetry.ONE_AT_A_TIME);
        }
        return Optional.empty();
    }

    /** @return how the sync ends, if the failure ends it (reported); empty if another attempt may get through */
    private Optional<Status> verdict(Exception e) {
        String host = parts.settings().host();
        Optional<OverBudget> refused = e instanceof OverBudget verdict ? Optional.of(verdict) : parts.refusals().take();
        if (refused.isPresent()) {
            return end(Status.PROTOCOL, "the server " + host + " sent more than mapisync takes in: "
                    + refused.get().getMessage() + "; the connection was broken off and the sync ends");
        }
        if (MailFailures.isCertificate(e)) {
            return end(Status.PROTOCOL, "the certificate of " + host + " is not trusted (configure a trust store "
                    + "that holds it, or its authority): " + MailFailures.text(e));
        }
        if (!MailFailures.isNetwork(e)) {
            return end(Status.PROTOCOL, "the server " + host + " answered unexpectedly: " + MailFailures.text(e));
        }
        return Optional.empty();
    }

    private Optional<Status> end(Status status, String text) {
        parts.progress().error(status, text);
        return Optional.of(status);
    }
}
