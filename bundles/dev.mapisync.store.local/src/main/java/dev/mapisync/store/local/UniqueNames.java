package dev.mapisync.store.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique Maildir base names, as the Maildir specification and Dovecot make them:
 * {@code <seconds>.M<microseconds>P<pid>Q<counter>.<host>}, unique within this process by the
 * counter and across processes by the pid and time.
 */
final class UniqueNames {

    private final AtomicLong counter = new AtomicLong();
    private final long pid = ProcessHandle.current().pid();
    private final String host = host();

    private static String host() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "localhost";
        }
        // The Maildir convention for the characters a base name cannot hold.
        return name.replace("/", "\\057").replace(":", "\\072").replace(",", "\\054");
    }

    String next() {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        return (micros / 1_000_000) + ".M" + (micros % 1_000_000) + "P" + pid + "Q" + counter.incrementAndGet() + "." + host;
    }
}
