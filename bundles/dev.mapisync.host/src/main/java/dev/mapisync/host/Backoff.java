package dev.mapisync.host;

import java.time.Duration;

/** Exponential backoff: the first retry after {@code base}, each next one twice as late, up to {@code max}. */
record Backoff(Duration base, Duration max) {

    /**
     * @param attempts how many attempts failed so far, 1 or more
     * @return how long to wait before the next one
     */
    Duration delay(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        Duration delay = base.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
