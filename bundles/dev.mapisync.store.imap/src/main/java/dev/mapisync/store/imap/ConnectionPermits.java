package dev.mapisync.store.imap;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The host-wide budget of IMAP connections, shared by every account: each connection holds a
 * permit from its login to its close. A sync's first connection waits its turn (first come,
 * first served) for a permit, so an account always gets the one connection it needs to make
 * progress; further connections are granted only within a fair share (the budget over the
 * accounts syncing or waiting) and never wait. Connections kept between syncs hold their
 * permits but give them up, oldest first, when a sync needs one and none is free.
 */
final class ConnectionPermits {

    /** A connection's place in the budget: given back once, when the connection closes. */
    final class Permit implements AutoCloseable {
        private final String account;
        private boolean returned;
        /** Kept between syncs (guarded by the budget): not counted as the account's in use. */
        private boolean kept;

        private Permit(String account) {
            this.account = account;
        }

        /** Kept between syncs: the budget may close it ({@code evict}) when a sync needs its place. */
        void idle(Runnable evict) {
            ConnectionPermits.this.idle(this, evict);
        }

        /** Taken into a sync again. */
        void busy() {
            ConnectionPermits.this.busy(this);
        }

        @Override
        public void close() {
            giveBack(this);
        }
    }

    private int max;
    private int used;
    /** Permits in a sync's use (not kept idle), by account. */
    private final Map<String, Integer> busy = new HashMap<>();
    /** Accounts waiting for their first connection, in order, one ticket each wait. */
    private final Deque<Object> queue = new ArrayDeque<>();
    private final Map<Object, String> waitingAccounts = new HashMap<>();
    /** Kept connections, the oldest first, each with how to close it. */
    private final LinkedHashMap<Permit, Runnable> idle = new LinkedHashMap<>();

    ConnectionPermits(int max) {
        this.max = max;
    }

    /** A new budget: kept connections over it are closed now, those in use as their syncs end. */
    void limit(int newMax) {
        synchronized (this) {
            max = newMax;
            notifyAll();
        }
        for (Runnable evict = overBudget(); evict != null; evict = overBudget()) {
            evict.run();
        }
    }

    private synchronized Runnable overBudget() {
        return used > max ? oldestIdle() : null;
    }

    /** @return how to close the oldest kept connection, taken off the idle list; null if none */
    private Runnable oldestIdle() {
        var oldest = idle.entrySet().stream().findFirst();
        oldest.ifPresent(e -> idle.remove(e.getKey()));
        return oldest.map(Map.Entry::getValue).orElse(null);
    }

    /**
     * Waits for a permit for an account's first connection, closing kept connections (the
     * oldest first, of any account) to make room.
     *
     * @return the permit, or empty if {@code cancelled} said so meanwhile
     */
    Optional<Permit> first(String account, BooleanSupplier cancelled) throws InterruptedException {
        Object ticket = new Object();
        synchronized (this) {
            queue.addLast(ticket);
            waitingAccounts.put(ticket, account);
        }
        try {
            for (;;) {
                Runnable evict;
                synchronized (this) {
                    if (queue.peekFirst() == ticket && used < max) {
                        return Optional.of(grant(account));
                    }
                    evict = queue.peekFirst() == ticket ? oldestIdle() : null;
                    if (evict == null) {
                        if (cancelled.getAsBoolean()) {
                            return Optional.empty();
                        }
                        // Woken when a permit comes back; the bound lets a cancel be seen.
                        wait(50);
                        continue;
                    }
                }
                evict.run();
            }
        } finally {
            synchronized (this) {
                queue.remove(ticket);
                waitingAccounts.remove(ticket);
                notifyAll();
            }
        }
    }

    /** @return a permit for a further connection of an account, if free within its fair share; never waits */
    Optional<Permit> further(String account) {
        for (int tries = 0; tries < 2; tries++) {
            Runnable evict;
            synchronized (this) {
                if (busy.getOrDefault(account, 0) >= share() || !queue.isEmpty()) {
                    return Optional.empty();
                }
                if (used < max) {
                    return Optional.of(grant(account));
                }
                evict = oldestIdle();
            }
            if (evict == null) {
                return Optional.empty();
            }
            evict.run();
        }
        return Optional.empty();
    }

    /** @return the connections each account syncing or waiting may have: the budget shared out, one at least */
    private int share() {
        java.util.Set<String> accounts = new java.util.HashSet<>(busy.keySet());
        accounts.addAll(waitingAccounts.values());
        return Math.max(1, max / Math.max(1, accounts.size()));
    }

    private Permit grant(String account) {
        used++;
        busy.merge(account, 1, Integer::sum);
        return new Permit(account);
    }

    private synchronized void idle(Permit permit, Runnable evict) {
        if (!permit.returned && !permit.kept) {
            permit.kept = true;
            idle.put(permit, evict);
            busy.computeIfPresent(permit.account, (a, n) -> n > 1 ? n - 1 : null);
            notifyAll();
        }
    }

    private synchronized void busy(Permit permit) {
        // Taken off the idle list already if the budget is closing it: then the close just does not happen.
        idle.remove(permit);
        if (!permit.returned && permit.kept) {
            permit.kept = false;
            busy.merge(permit.account, 1, Integer::sum);
        }
    }

    private synchronized void giveBack(Permit permit) {
        if (permit.returned) {
            return;
        }
        permit.returned = true;
        used--;
        idle.remove(permit);
        if (!permit.kept) {
            busy.computeIfPresent(permit.account, (a, n) -> n > 1 ? n - 1 : null);
        }
        notifyAll();
    }

    /** @return permits held now (kept connections included) */
    synchronized int used() {
        return used;
    }
}
