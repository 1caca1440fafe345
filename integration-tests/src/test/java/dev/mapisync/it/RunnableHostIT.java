package dev.mapisync.it;

import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The executable jar as a user starts it, in an empty folder: it comes up with no account,
 * says where provider jars and account files go, answers in its shell, reports a malformed
 * account file with its name and line, turns a correct one into a store, and starts a
 * provider jar dropped into deploy/.
 */
public class RunnableHostIT {

    private Process host;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Path home;

    @Before
    public void start() throws IOException {
        Path jar = Path.of(System.getProperty("mapisync.runtime.jar"));
        assertTrue(jar + " exists (built by the runtime module)", Files.isRegularFile(jar));
        home = Files.createTempDirectory("mapisync-home");
        host = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString()).directory(home.toFile())
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
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

    @After
    public void stop() throws InterruptedException {
        // Through the handle: Process.destroyForcibly would close our end of its output first.
        host.toHandle().destroyForcibly();
        host.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    public void startsEmptyAndTakesAccountFiles() throws Exception {
        Await.until("the host says it is ready and where things go", () -> seen("mapisync host ready",
                home.resolve("deploy").toString(), home.resolve("etc").toString()), () -> output);

        // The shell's commands register a moment after the host: ask again until they answer.
        ask("mapisync:stores", "no store syncs here yet");

        Path account = home.resolve("etc/dev.mapisync.store.imap-work.cfg");
        write(account, "account = work\nhost = 127.0.0.1\nport = abc\nsecurity = NONE\n");
        Await.until("a malformed account file is reported with its name and line",
                () -> seen("etc/dev.mapisync.store.imap-work.cfg line 3", "'port' = 'abc'"), () -> output);

        write(account, "account = work\nhost = 127.0.0.1\nport = 1\nsecurity = NONE\nuser = alice\n"
                + "password = not-in-any-log\nmapisync.sync.interval = 0\n");
        Await.until("a correct one becomes a store", () -> seen("[imap:work]", "discovered"), () -> output);
        ask("mapisync:stores", "imap:work", "dev.mapisync.store.imap");
        assertTrue("the password is in no output", output.stream().noneMatch(l -> l.contains("not-in-any-log")));

        Path staged = home.resolve("provider.jar");
        try (java.io.InputStream jar = TestBundles.providerJar("test.store.dropped", "1.0.0",
                dev.mapisync.it.providers.WellBehavedStore.class, dev.mapisync.it.providers.TestStore.class,
                dev.mapisync.it.providers.TestHandle.class)) {
            Files.copy(jar, staged);
        }
        Files.move(staged, home.resolve("deploy/provider.jar"), StandardCopyOption.ATOMIC_MOVE);
        ask("mapisync:stores", "WellBehavedStore", "test.store.dropped 1.0.0");
    }

    private boolean seen(String... parts) {
        return output.stream().anyMatch(line -> java.util.Arrays.stream(parts).allMatch(line::contains));
    }

    /** Types the command, again every second (at most 15 times) until a line with all the parts shows. */
    private void ask(String command, String... parts) throws IOException {
        OutputStream in = host.getOutputStream();
        for (int attempt = 0; attempt < 15 && !seen(parts); attempt++) {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            try {
                Await.until("the shell answers " + command, java.time.Duration.ofSeconds(1), () -> seen(parts), () -> output);
            } catch (AssertionError notYet) {
                // Asked too early: ask again.
            }
        }
        assertTrue("the shell answers " + command + ": " + output, seen(parts));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path next = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
