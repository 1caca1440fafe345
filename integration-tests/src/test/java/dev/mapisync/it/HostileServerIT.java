package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.mapisync.store.imap.LyingProxy;
import dev.mapisync.store.local.DovecotServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * The runnable host with the shipped heap (-Xmx128m) and two IMAP accounts on one Dovecot:
 * one straight, one through a proxy that turns hostile (a literal announced at 2 GiB, an
 * answer dripped a byte every 20 ms, a listing without end). Both sync at once. The hostile
 * account ends as the budget says (the message skipped with its folder, UID and size, PARTIAL;
 * the listing PROTOCOL); the other brings every message; the host never runs out of memory and
 * its dashboard answers throughout. Before the response guard, the literal and the listing gave
 * OutOfMemoryError and the drip held the sync for as long as the server liked.
 */
@RunWith(Parameterized.class)
public class HostileServerIT {

    private static final Duration BOUND = Duration.ofSeconds(180);
    /** The one message the proxy lies about: its Message-ID is in no other. */
    private static final String MARKER = "Message-ID: <chaos-7@example.org>";

    private static Path work;
    private static ChaosMailbox mailbox;

    @Parameter
    public LyingProxy.Lie lie;

    @Parameters(name = "{0}")
    public static List<Object[]> lies() {
        return List.of(new Object[] {LyingProxy.Lie.HUGE}, new Object[] {LyingProxy.Lie.DRIP},
                new Object[] {LyingProxy.Lie.ENDLESS_LIST});
    }

    @BeforeClass
    public static void server() throws Exception {
        work = Files.createTempDirectory("mapisync-hostile");
        mailbox = ChaosMailbox.start(work, 20261202L);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        mailbox.close();
        try (Stream<Path> all = Files.walk(work)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String account(String name, int port, int timeoutMillis) {
        return String.join("\n", "account = " + name, "host = 127.0.0.1", "port = " + port, "security = NONE",
                "user = " + DovecotServer.USER, "password = " + DovecotServer.PASSWORD, "mapisync.sync.interval = 0",
                "timeoutMillis = " + timeoutMillis, "");
    }

    @Test
    public void theHostItsDashboardAndAnotherStoreKeepWorkingWhileOneServerIsHostile() throws Exception {
        Path home = Files.createDirectories(work.resolve(lie.name()));
        int http = RunnableHost.freePort();
        try (LyingProxy proxy = new LyingProxy(mailbox.port(), MARKER)) {
            Files.createDirectories(home.resolve("etc"));
            Files.writeString(home.resolve("etc/dev.mapisync.store.imap-calm.cfg"), account("calm", mailbox.port(), 30_000));
            Files.writeString(home.resolve("etc/dev.mapisync.store.imap-hostile.cfg"), account("hostile", proxy.port(), 2_000));
            Files.writeString(home.resolve("etc/dev.mapisync.host.cfg"), "defaultIntervalSeconds = 0\n");
            try (RunnableHost host = new RunnableHost(home, "-Xmx128m", "-Dorg.osgi.service.http.port=" + http)) {
                HostApi api = new HostApi(http);
                host.awaitReady();
                Await.until("both stores serve", Duration.ofSeconds(60),
                        () -> api.task("imap:calm").isPresent() && api.task("imap:hostile").isPresent(), () -> host.output);
                proxy.lie(lie);
                api.sync("imap:hostile");
                api.sync("imap:calm");
                int[] unanswered = new int[1];
                Await.until("both syncs end", BOUND, () -> {
                    if (api.task("imap:calm").isEmpty()) {
                        unanswered[0]++;
                    }
                    return ended(api, "imap:calm") && ended(api, "imap:hostile");
                }, () -> api.task("imap:hostile") + "\n" + host.output);
                assertEquals("the dashboard answered all along (each look within 5 s)", 0, unanswered[0]);
                assertTrue("the proxy lied", proxy.told() > 0);

                Map<String, Object> hostile = api.task("imap:hostile").orElseThrow();
                String errors = String.valueOf(hostile.get("errors"));
                assertEquals(errors, lie == LyingProxy.Lie.ENDLESS_LIST ? "PROTOCOL" : "PARTIAL",
                        HostApi.lastRunStatus(hostile));
                assertTrue(errors, errors.contains(switch (lie) {
                    case HUGE -> "is skipped: the server announced 2,147,483,648 bytes in one response";
                    case DRIP -> "slower than 4 KiB/s after the account's timeout (2000 ms)";
                    default -> "the server listed more than 10,000 folders, the most an account may have";
                }));
                assertEquals("SUCCESS", HostApi.lastRunStatus(api.task("imap:calm").orElseThrow()));
                ReplicaFiles.assertSameAs(mailbox.snapshot(), replica(home, "calm"), "the calm account, beside the hostile one");
                assertEquals(200, page(http));
                assertFalse("no OutOfMemoryError: " + host.output, host.seen("OutOfMemoryError"));
            }
        }
    }

    private static boolean ended(HostApi api, String store) {
        return api.task(store).map(t -> !HostApi.lastRunStatus(t).isEmpty() && !"RUNNING".equals(t.get("state"))
                && !"QUEUED".equals(t.get("state"))).orElse(false);
    }

    /** @return the replica directory of the account (named by the digest of its store's id, which holds a ':') */
    private static Path replica(Path home, String account) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(("imap:" + account).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Path replica = home.resolve("data/replicas/id-" + java.util.HexFormat.of().formatHex(digest));
        assertTrue("the replica of " + account + " is " + replica, Files.isDirectory(replica));
        return replica;
    }

    /** @return the status code of the dashboard's page */
    private static int page(int http) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http + "/mapisync/")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return answer.statusCode();
    }
}
