package dev.mapisync.store.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear error naming the culprit, writes nothing outside the data directory, damages nothing. */
class BadInputTest {

    @TempDir
    Path base;

    private static final FolderPath INBOX = WellKnownFolder.INBOX.path();

    @Test
    void pathTricksNeverReachTheDisk() throws Exception {
        Path data = base.resolve("data");
        LocalStore store = new LocalStore(data);
        try {
            for (String trick : List.of("..", "../../etc", "a/../../b", "x\u0000y", "tab\tname")) {
                assertThrows(IllegalArgumentException.class, () -> store.createFolder(FolderPath.parse(trick)), trick);
            }
            store.createFolder(FolderPath.of("..."));
            store.createFolder(FolderPath.of(".hidden"));
            try (Stream<Path> everything = Files.walk(base)) {
                assertTrue(everything.allMatch(p -> p.startsWith(data) || p.equals(base)), "nothing outside " + data);
            }
            assertTrue(Files.isDirectory(data.resolve("default").resolve(FolderNames.directory(FolderPath.of("...")))
                    .resolve("cur")), "'...' is an ordinary, encoded name");
        } finally {
            store.deactivate();
        }
    }

    @Test
    void aReadOnlyStoreIsNamedAndKeepsWhatItHas() throws Exception {
        Path data = Files.createDirectories(base.resolve("readonly"));
        run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", data.toString());
        try {
            LocalStore writable = new LocalStore(data);
            MessageId kept = writable.appendMessage(INBOX, Messages.stream("kept", "k"), Set.of());
            writable.deactivate();
            run("mount", "-o", "remount,ro", data.toString());

            LocalStore store = new LocalStore(data);
            assertEquals(Messages.text("kept", "k"), Messages.read(store.openMessage(INBOX, kept)), "it can be read");
            StoreException e = assertThrows(StoreException.class,
                    () -> store.appendMessage(INBOX, Messages.stream("new", "n"), Set.of()));
            assertTrue(e.getMessage().contains(data.toString()) && e.getMessage().contains("not writable"), e.getMessage());
            StoreException flags = assertThrows(StoreException.class, () -> store.setFlags(INBOX, kept, Set.of(dev.mapisync.api.message.MessageFlag.SEEN)));
            assertTrue(flags.getMessage().contains("not writable"), flags.getMessage());
            assertEquals(1, store.messages(INBOX).size());
            store.deactivate();
        } finally {
            run("umount", "-l", data.toString());
        }
    }

    @Test
    void aFullDiskIsAQuotaErrorNamingTheFileAndDamagesNothing() throws Exception {
        Path data = Files.createDirectories(base.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", data.toString());
        try {
            LocalStore store = new LocalStore(data);
            MessageId kept = store.appendMessage(INBOX, Messages.stream("kept", "small"), Set.of());
            byte[] huge = new byte[4 * 1024 * 1024];
            StoreException e = assertThrows(StoreException.class,
                    () -> store.appendMessage(INBOX, new ByteArrayInputStream(huge), Set.of()));
            assertEquals(Status.QUOTA, e.status());
            assertTrue(e.getMessage().contains("disk is full") && e.getMessage().contains(data.toString()), e.getMessage());
            assertEquals(1, store.messages(INBOX).size(), "the failed message left nothing behind");
            try (Stream<Path> tmp = Files.list(data.resolve("default/tmp"))) {
                assertEquals(0, tmp.count());
            }
            try (InputStream in = store.openMessage(INBOX, kept)) {
                assertArrayEquals(Messages.text("kept", "small").getBytes(), in.readAllBytes());
            }
            store.deactivate();
        } finally {
            run("umount", "-l", data.toString());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (the test needs root, as CI has): "
                    + new String(p.getInputStream().readAllBytes()));
        }
    }
}
