package dev.mapisync.store.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a short task for each of a few items at once, each on a thread of its own, and returns
 * when all ended: what a sync asks each of its connections before the work begins (a NOOP, a
 * STATUS), so that the round trips overlap instead of adding up. The tasks end on their own:
 * each waits on its connection, whose read timeout bounds it, and a cancel closes them.
 */
final class Concurrently {

    private Concurrently() {
    }

    static <T> void forEach(List<T> items, String name, Consumer<T> task) {
        if (items.size() <= 1) {
            items.forEach(task);
            return;
        }
        List<Thread> threads = new ArrayList<>();
        for (T item : items) {
            Thread thread = new Thread(() -> task.accept(item), name);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            for (;;) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    // Every task ends on its own (see above); the interruption is passed on afterwards.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
