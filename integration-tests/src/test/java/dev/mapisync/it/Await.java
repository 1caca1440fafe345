package dev.mapisync.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition, bounded in time; fails with what was awaited and what was last seen. */
final class Await {

    static final Duration DEFAULT = Duration.ofSeconds(15);

    private Await() {
    }

    static void until(String what, Supplier<Boolean> condition) {
        until(what, DEFAULT, condition, () -> "");
    }

    static void until(String what, Supplier<Boolean> condition, Supplier<Object> seen) {
        until(what, DEFAULT, condition, seen);
    }

    static void until(String what, Duration bound, Supplier<Boolean> condition, Supplier<Object> seen) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound.toMillis() + " ms: " + what + "; last seen: " + seen.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
