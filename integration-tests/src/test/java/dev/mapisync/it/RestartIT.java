package dev.mapisync.it;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * What a user does every day: a full sync, the host stopped (SIGTERM as a service manager
 * does, SIGINT as Ctrl-C does, or kill -9), started again, then mail changes on the server
 * (flags, expunges, new messages) and the next sync brings exactly that into the replica's
 * files. Before, the listing index lost what the last session wrote unless it closed, and the
 * replica kept stale flags and expunged mail for good.
 */
@RunWith(Parameterized.class)
public class RestartIT {

    private static Path work;
    private static ChaosMailbox mailbox;
    private static SlowSmtp smtp;

    @Parameter
    public String signal;

    @Parameters(name = "{0}")
    public static List<Object[]> stops() {
        return List.of(new Object[] {"TERM"}, new Object[] {"INT"}, new Object[] {"KILL"});
    }

    @BeforeClass
    public static void servers() throws Exception {
        work = Files.createTempDirectory("mapisync-restart");
        mailbox = ChaosMailbox.start(work, 20261202L);
        smtp = new SlowSmtp();
    }

    @AfterClass
    public static void stopServers() throws Exception {
        smtp.close();
        mailbox.close();
        try (java.util.stream.Stream<Path> all = Files.walk(work)) {
            for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    public void afterTheStopAndARestartTheServersChangesArriveExactly() throws Exception {
        Path home = Files.createDirectories(work.resolve(signal));
        try (ChaosHost host = new ChaosHost(home, mailbox.port(), smtp.port())) {
            host.start();
            assertEquals("SUCCESS", host.sync());
            host.stopWhen(() -> true, Duration.ZERO, signal);
            host.start();
            Random random = new Random(signal.hashCode());
            mailbox.changeFlagsAndExpunge(60, 15, random);
            mailbox.deliver("Archive", 25, random);
            assertEquals("SUCCESS", host.sync());
            ReplicaFiles.assertSameAs(mailbox.snapshot(), ReplicaFiles.only(home.resolve("data")), "after " + signal);
            host.stop();
        }
    }
}
