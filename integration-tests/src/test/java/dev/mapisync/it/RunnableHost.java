package dev.mapisync.it;

import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The executable host jar (runtime/target/mapisync.jar) started as a user starts it, in a
 * folder of its own, with its output collected and its shell at hand.
 */
final class RunnableHost implements AutoCloseable {

    final Path home;
    final List<String> output = new CopyOnWriteArrayList<>();
    private final Process process;
    private final Thread reader;

    /** @param jvmOptions extra JVM options, for example {@code -Dorg.osgi.service.http.port=...} */
    RunnableHost(String... jvmOptions) throws IOException {
        this(Files.createTempDirectory("mapisync-home"), jvmOptions);
    }

    /**
     * Starts the host in {@code home}, which may hold what an earlier host left (a restart).
     *
     * @param jvmOptions extra JVM options, for example {@code -Dorg.osgi.service.http.port=...}
     */
    RunnableHost(Path home, String... jvmOptions) throws IOException {
        Path jar = Path.of(System.getProperty("mapisync.runtime.jar"));
        assertTrue(jar + " exists (built by the runtime module)", Files.isRegularFile(jar));
        this.home = home;
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(List.of("-jar", jar.toString()));
        process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                }
            } catch (IOException stopped) {
                // The host was stopped.
            }
        }, "host-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** @return a TCP port free on 127.0.0.1 now */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    boolean seen(String... parts) {
        return output.stream().anyMatch(line -> Arrays.stream(parts).allMatch(line::contains));
    }

    void awaitReady() {
        Await.until("the host says it is ready", Duration.ofSeconds(60), () -> seen("mapisync host ready"), () -> output);
    }

    /** Types the command, again every second (at most 15 times) until a line with all the parts shows. */
    void ask(String command, String... parts) throws IOException {
        OutputStream in = process.getOutputStream();
        for (int attempt = 0; attempt < 15 && !seen(parts); attempt++) {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            try {
                Await.until("the shell answers " + command, Duration.ofSeconds(1), () -> seen(parts), () -> output);
            } catch (AssertionError notYet) {
                // Asked too early: ask again.
            }
        }
        assertTrue("the shell answers " + command + ": " + output, seen(parts));
    }

    /** Writes a file in one step, as an editor saving it does. */
    void write(String relative, String text) throws IOException {
        Path file = home.resolve(relative);
        Files.createDirectories(file.getParent());
        Path next = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Drops a jar into deploy/ in one step (copied beside it, then renamed). */
    void deploy(String name, InputStream jar) throws IOException {
        Path staged = home.resolve(name + ".part");
        Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(home.resolve("deploy"));
        Files.move(staged, home.resolve("deploy").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Sends the host's process a signal, as {@code kill -NAME} does (TERM, INT, KILL). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
        assertTrue("kill -" + name + " runs", kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0);
    }

    /** Waits until the host can be stopped by a signal: the framework stop hook is in place. */
    void awaitStoppable() {
        Await.until("the host says how it stops", Duration.ofSeconds(60), () -> seen("SIGTERM or Ctrl-C stops the host"),
                () -> output);
    }

    /** @return the process's exit code, once it ended within {@code bound} and its last output was read */
    int awaitExit(Duration bound) throws InterruptedException {
        assertTrue("the host ends within " + bound + ": " + output, process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS));
        reader.join(10_000);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        // Through the handle: Process.destroyForcibly would close our end of its output first.
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
