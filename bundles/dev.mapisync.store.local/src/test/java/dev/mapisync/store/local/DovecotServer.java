package dev.mapisync.store.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Dovecot (Debian's dovecot-imapd) serving one Maildir++ directory over IMAP on
 * 127.0.0.1, with a configuration of its own in a temporary directory. Dovecot refuses to run
 * mail as root, so the mail directory is handed to the {@code dovecot} user.
 */
public final class DovecotServer implements AutoCloseable {

    public static final String USER = "mapisync";
    public static final String PASSWORD = "test-only-password";
    private static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

    private final Process process;
    private final int port;
    private final Path log;

    private DovecotServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts Dovecot on {@code maildir}; fails (never skips) when Dovecot is not installed.
     *
     * @param settings further lines of Dovecot configuration ({@code "mail_max_userip_connections = 1"}, say)
     */
    public static DovecotServer start(Path maildir, Path work, String... settings) throws IOException, InterruptedException {
        if (!Files.isExecutable(DOVECOT)) {
            throw new AssertionError("Dovecot is not installed (" + DOVECOT + "): apt-get install -y dovecot-imapd "
                    + "(.ci/run installs it)");
        }
        int uid = id("-u", "dovecot");
        int gid = id("-g", "dovecot");
        run(List.of("chown", "-R", uid + ":" + gid, maildir.toString()));
        // Dovecot's unprivileged processes must reach the mail and the configuration (temporary directories are 0700).
        for (Path dir : List.of(work, maildir.getParent())) {
            run(List.of("chmod", "755", dir.toString()));
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path run = Files.createDirectories(work.resolve("run"));
        Path log = work.resolve("dovecot.log");
        Path passwd = work.resolve("passwd");
        Files.writeString(passwd, USER + ":{PLAIN}" + PASSWORD + ":" + uid + ":" + gid + "::" + maildir + "::\n");
        Path config = work.resolve("dovecot.conf");
        Files.writeString(config, String.join("\n",
                "base_dir = " + run,
                "state_dir = " + run,
                "log_path = " + log,
                "info_log_path = " + log,
                "protocols = imap",
                "listen = 127.0.0.1",
                "ssl = no",
                "disable_plaintext_auth = no",
                "auth_mechanisms = plain login",
                "default_login_user = dovenull",
                "default_internal_user = dovecot",
                "first_valid_uid = " + uid,
                "first_valid_gid = " + gid,
                "mail_location = maildir:" + maildir + ":LAYOUT=maildir++",
                "namespace inbox {",
                "  inbox = yes",
                "  separator = /",
                "}",
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN username_format=%u " + passwd,
                "}",
                "userdb {",
                "  driver = passwd-file",
                "  args = username_format=%u " + passwd,
                "}",
                "service imap-login {",
                "  inet_listener imap {",
                "    address = 127.0.0.1",
                "    port = " + port,
                "  }",
                "  inet_listener imaps {",
                "    port = 0",
                "  }",
                "}",
                "service anvil {",
                "  chroot =",
                "}",
                "service imap-login {",
                "  chroot =",
                "}",
                String.join("\n", settings),
                ""));
        Process process = new ProcessBuilder(DOVECOT.toString(), "-F", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("dovecot.out").toFile()).start();
        DovecotServer server = new DovecotServer(process, port, log);
        server.awaitListening(Duration.ofSeconds(20));
        return server;
    }

    public int port() {
        return port;
    }

    private void awaitListening(Duration bound) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Dovecot exited with " + process.exitValue() + ": " + diagnostics());
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("Dovecot did not listen on 127.0.0.1:" + port + " within " + bound + ": " + diagnostics());
    }

    public String diagnostics() throws IOException {
        Path out = log.resolveSibling("dovecot.out");
        return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(log) ? Files.readString(log) : "");
    }

    private static int id(String option, String user) throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", option, user).start();
        if (!id.waitFor(10, TimeUnit.SECONDS) || id.exitValue() != 0) {
            throw new AssertionError("no user " + user + " (is dovecot-imapd installed?)");
        }
        return Integer.parseInt(new String(id.getInputStream().readAllBytes()).trim());
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
