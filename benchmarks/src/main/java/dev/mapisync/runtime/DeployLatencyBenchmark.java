package dev.mapisync.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ops4j.pax.tinybundles.InnerClassStrategy;
import org.ops4j.pax.tinybundles.TinyBundles;

/**
 * The runnable host as a user runs it ({@code java -jar runtime/target/mapisync.jar} in a
 * fresh folder), timed from outside: JVM start to the host's "ready" line; a provider jar
 * dropped into deploy/ to its store's first sync; a newer version of it replacing the jar to
 * the first sync by that version (update in place). Each run starts a new host.
 *
 * <p>Arguments: the host jar, the number of runs.
 */
public final class DeployLatencyBenchmark {

    private static final Duration BOUND = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        Path hostJar = Path.of(args.length > 0 ? args[0] : "runtime/target/mapisync.jar").toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Files.createTempDirectory("mapisync-deploy-bench");
        Path v1 = provider(work, "1.0.0");
        Path v2 = provider(work, "1.1.0");
        // The JVM options ./mapisync starts the host with (bench/deploy-bench.sh passes them).
        List<String> command = new ArrayList<>(List.of("java"));
        String options = System.getProperty("mapisync.host.java.opts", "").trim();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(List.of("-jar", hostJar.toString()));
        List<Long> ready = new ArrayList<>();
        List<Long> readyInside = new ArrayList<>();
        List<Long> drop = new ArrayList<>();
        List<Long> update = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path home = Files.createDirectories(work.resolve("run" + run));
            Files.createDirectories(home.resolve("deploy"));
            long start = System.nanoTime();
            Process host = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
            try {
                BlockingQueue<String> lines = lines(host.getInputStream());
                String line = await(lines, "mapisync host ready");
                ready.add(millis(System.nanoTime() - start));
                readyInside.add(Long.parseLong(line.replaceAll(".*ready, (\\d+) ms after JVM start.*", "$1")));

                long dropped = place(v1, home.resolve("deploy/bench.jar"));
                await(lines, BenchStore.SYNCED + "1.0.0");
                drop.add(millis(System.nanoTime() - dropped));

                long replaced = place(v2, home.resolve("deploy/bench.jar"));
                await(lines, BenchStore.SYNCED + "1.1.0");
                update.add(millis(System.nanoTime() - replaced));
            } finally {
                host.toHandle().destroyForcibly();
                host.waitFor(10, TimeUnit.SECONDS);
            }
        }
        System.out.println("host JVM options: " + (options.isEmpty() ? "(none)" : options));
        System.out.println("runs: " + runs + " (java " + System.getProperty("java.version") + ")");
        report("start to ready, seen from outside (ms)", ready);
        report("start to ready, JVM uptime at the host's ready line (ms)", readyInside);
        report("jar dropped to its store's first sync (ms)", drop);
        report("jar replaced by a newer version to that version's first sync (ms)", update);
    }

    /** Copies next to the target, then renames: the watcher never sees half a jar. */
    private static long place(Path jar, Path target) throws IOException {
        Path next = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(jar, next, StandardCopyOption.REPLACE_EXISTING);
        long now = System.nanoTime();
        Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return now;
    }

    private static Path provider(Path work, String version) throws IOException {
        Path jar = work.resolve("bench-" + version + ".jar");
        try (InputStream in = TinyBundles.bundle()
                .setHeader("Bundle-SymbolicName", "dev.mapisync.bench.store")
                .setHeader("Bundle-Version", version)
                .setHeader("-dsannotations", "*")
                .setHeader("Import-Package", "*")
                .addClass(BenchStore.class, InnerClassStrategy.ALL)
                .build(TinyBundles.bndBuilder())) {
            Files.copy(in, jar);
        }
        return jar;
    }

    private static BlockingQueue<String> lines(InputStream out) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // The host was stopped.
            }
        }, "host-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String await(BlockingQueue<String> lines, String text) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        List<String> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
            skipped.add(line);
        }
        throw new IllegalStateException("the host did not print '" + text + "' within " + BOUND.toSeconds() + " s; it printed "
                + String.join("\n", skipped.stream().map(String::valueOf).toList()));
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void report(String what, List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf("%-70s median %4d  min %4d  max %4d%n", what, sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }
}
