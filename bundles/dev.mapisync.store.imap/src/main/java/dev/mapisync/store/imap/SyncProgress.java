package dev.mapisync.store.imap;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.sync.SyncProgressCallback;
import java.text.NumberFormat;
import java.util.Locale;

/**
 * What a sync tells the host while it runs: its steps, the count of messages dealt with out of
 * those it expects, its errors, and whether anything was skipped (the sync then ends
 * {@link Status#PARTIAL}). Several connections report at once; the host wants the callback's
 * calls one at a time, so each is made under this object's lock.
 */
final class SyncProgress {

    private final SyncProgressCallback callback;
    /** Made at its first use: making one costs more than a sync that finds nothing changed. */
    private NumberFormat numbers;
    private long index;
    private long indexMax;
    private volatile boolean partial;

    SyncProgress(SyncProgressCallback callback) {
        this.callback = callback;
    }

    /** A step of the sync. */
    synchronized void step(String step) {
        callback.progress(step, index, Math.max(index, indexMax));
    }

    synchronized void error(Status status, String text) {
        callback.error(status, text);
    }

    /** Something was left out (reported with {@code status}): the sync ends PARTIAL and tries it again next time. */
    void skipped(Status status, String text) {
        partial = true;
        error(status, text);
    }

    /** @return whether anything was skipped */
    boolean partial() {
        return partial;
    }

    /** {@code messages} more to download from here on, as far as the listing tells. */
    synchronized void expect(long messages) {
        indexMax = index + messages;
    }

    /** The total to download grows (or shrinks) by {@code delta}, as a folder's comparison tells. */
    synchronized void foretell(long delta) {
        indexMax += delta;
    }

    /** One more message dealt with: the {@code done}th of the folder's {@code of}. */
    synchronized void counted(FolderPath folder, long done, long of) {
        index++;
        callback.progress(folder + ": " + grouped(done) + " of " + grouped(of), index, Math.max(index, indexMax));
    }

    /** The last step: all that was expected is dealt with. */
    synchronized void finished() {
        callback.progress("Done", Math.max(index, indexMax), Math.max(index, indexMax));
    }

    /** The sync's end, once: the host's done. */
    synchronized void done(Status status) {
        callback.done(status);
    }

    /** @return the count with its thousands grouped, as the host's texts give counts */
    synchronized String grouped(long count) {
        if (numbers == null) {
            numbers = NumberFormat.getIntegerInstance(Locale.US);
        }
        return numbers.format(count);
    }
}
