package dev.mapisync.store.imap;

/**
 * The host-wide budget for message bytes in memory: those a batch fetch brings, while its
 * command is on the wire, and those handed to the writers, until stored; shared by every sync
 * of every account, so memory does not grow with the number of syncs at once. One reservation
 * is always let through when nothing else is held, however big, so every sync makes progress;
 * a holder never waits for more while it holds (a fetch gives its command's bytes back before
 * it hands the messages over), so no two wait for each other.
 */
final class MessageBytes {

    private long max;
    private long held;

    MessageBytes(long max) {
        this.max = max;
    }

    synchronized void limit(long newMax) {
        max = newMax;
        notifyAll();
    }

    /** Waits until the bytes fit (or nothing is held). @throws InterruptedException on a cancel */
    synchronized void take(long bytes) throws InterruptedException {
        while (held > 0 && held + bytes > max) {
            // Woken as bytes come back; writers and commands always end.
            wait(100);
        }
        held += bytes;
    }

    synchronized void giveBack(long bytes) {
        held -= bytes;
        notifyAll();
    }

    synchronized long held() {
        return held;
    }
}
