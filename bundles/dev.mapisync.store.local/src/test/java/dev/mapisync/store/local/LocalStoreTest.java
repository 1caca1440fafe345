package dev.mapisync.store.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.api.Status;
import dev.mapisync.api.message.FolderInfo;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.StoreException;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {

    @TempDir
    Path data;

    private LocalStore store;

    @BeforeEach
    void open() throws StoreException {
        store = new LocalStore(data);
    }

    @AfterEach
    void close() {
        store.deactivate();
    }

    private static final FolderPath INBOX = WellKnownFolder.INBOX.path();

    @Test
    void hasTheWellKnownFoldersAsDovecotLaysThemOut() throws Exception {
        List<FolderPath> folders = store.folders().stream().map(FolderInfo::path).toList();
        for (WellKnownFolder folder : WellKnownFolder.values()) {
            assertTrue(folders.contains(folder.path()), folder + " in " + folders);
        }
        Path root = data.resolve("default");
        assertTrue(Files.isDirectory(root.resolve("cur")), "the Inbox is the root maildir");
        assertTrue(Files.isDirectory(root.resolve(".Sent Items/cur")));
        assertTrue(Files.exists(root.resolve(".Outbox/maildirfolder")));
    }

    @Test
    void appendsReadsFlagsMovesAndDeletes() throws Exception {
        MessageId id = store.appendMessage(INBOX, Messages.stream("Hello", "first"), Set.of(MessageFlag.FLAGGED));
        assertEquals(Messages.text("Hello", "first"), Messages.read(store.openMessage(INBOX, id)));
        MessageInfo info = store.message(INBOX, id);
        assertEquals("Hello", info.subject());
        assertEquals("Ada <ada@example.org>", info.from());
        assertEquals(Set.of(MessageFlag.FLAGGED), info.flags());
        assertEquals(Messages.text("Hello", "first").length(), info.size());
        assertTrue(store.folders().contains(new FolderInfo(INBOX, 1, 1)), store.folders().toString());

        store.setFlags(INBOX, id, EnumSet.of(MessageFlag.SEEN, MessageFlag.ANSWERED));
        assertEquals(Set.of(MessageFlag.SEEN, MessageFlag.ANSWERED), store.message(INBOX, id).flags());
        try (Stream<Path> files = Files.list(data.resolve("default/cur"))) {
            assertEquals(List.of(id.value() + ":2,RS"), files.map(p -> p.getFileName().toString()).toList(),
                    "flags are Maildir info letters in the file name, sorted");
        }

        MessageId moved = store.moveMessage(INBOX, id, WellKnownFolder.DELETED_ITEMS.path());
        assertTrue(store.messages(INBOX).isEmpty());
        assertEquals(Messages.text("Hello", "first"),
                Messages.read(store.openMessage(WellKnownFolder.DELETED_ITEMS.path(), moved)));
        store.deleteMessage(WellKnownFolder.DELETED_ITEMS.path(), moved);
        assertTrue(store.messages(WellKnownFolder.DELETED_ITEMS.path()).isEmpty());
        var gone = assertThrows(StoreException.class, () -> store.openMessage(WellKnownFolder.DELETED_ITEMS.path(), moved));
        assertEquals(Status.NOT_FOUND, gone.status());
    }

    @Test
    void createsRenamesAndDeletesFoldersWithNonAsciiNames() throws Exception {
        FolderPath projects = FolderPath.of("Projekte");
        FolderPath overview = projects.child("Übersicht 2026");
        store.createFolder(projects);
        store.createFolder(overview);
        assertTrue(Files.isDirectory(data.resolve("default/.Projekte.&ANw-bersicht 2026/cur")),
                "names are modified UTF-7 on disk, as Dovecot writes them");
        store.appendMessage(overview, Messages.stream("Plan", "x"), Set.of());

        FolderPath renamed = FolderPath.of("Archiv", "v1.2");
        store.createFolder(FolderPath.of("Archiv"));
        store.renameFolder(projects, renamed);
        assertTrue(Files.isDirectory(data.resolve("default/.Archiv.v1&AC4-2/cur")), "a '.' in a name is encoded");
        assertEquals(1, store.messages(renamed.child("Übersicht 2026")).size(), "children move with their parent");
        assertEquals(Status.NOT_FOUND, assertThrows(StoreException.class, () -> store.messages(overview)).status());

        store.deleteFolder(FolderPath.of("Archiv"));
        List<FolderPath> left = store.folders().stream().map(FolderInfo::path).toList();
        assertFalse(left.stream().anyMatch(p -> p.names().get(0).equals("Archiv")), left.toString());
    }

    @Test
    void folderMistakesAreNamed() throws Exception {
        assertEquals(Status.COLLISION, assertThrows(StoreException.class,
                () -> store.createFolder(WellKnownFolder.OUTBOX.path())).status());
        StoreException orphan = assertThrows(StoreException.class, () -> store.createFolder(FolderPath.of("a", "b")));
        assertTrue(orphan.getMessage().contains("parent \"a\""), orphan.getMessage());
        StoreException wellKnown = assertThrows(StoreException.class,
                () -> store.renameFolder(WellKnownFolder.OUTBOX.path(), FolderPath.of("Elsewhere")));
        assertTrue(wellKnown.getMessage().contains("well-known"), wellKnown.getMessage());
        assertThrows(StoreException.class, () -> store.deleteFolder(WellKnownFolder.INBOX.path()));
        store.createFolder(FolderPath.of("a"));
        StoreException intoItself = assertThrows(StoreException.class,
                () -> store.renameFolder(FolderPath.of("a"), FolderPath.of("a", "b")));
        assertTrue(intoItself.getMessage().contains("into itself"));
    }

    @Test
    void reopensWithEverythingAndRebuildsALostIndex() throws Exception {
        MessageId id = store.appendMessage(INBOX, Messages.stream("Kept", "body"), Set.of(MessageFlag.SEEN));
        store.deactivate();
        Files.delete(data.resolve("default").resolve(MaildirStore.INDEX_FILE));
        store = new LocalStore(data);
        MessageInfo info = store.message(INBOX, id);
        assertEquals("Kept", info.subject());
        assertEquals(Set.of(MessageFlag.SEEN), info.flags());
    }

    @Test
    void seesWhatOtherMailSoftwareDid() throws Exception {
        MessageId id = store.appendMessage(INBOX, Messages.stream("Mine", "x"), Set.of());
        Path root = data.resolve("default");
        // Another program delivers into new/ and marks our message read by renaming it.
        Files.writeString(root.resolve("new/1700000000.M1P1.elsewhere"), Messages.text("Delivered", "y"));
        Files.move(root.resolve("cur").resolve(id.value() + ":2,"), root.resolve("cur").resolve(id.value() + ":2,S"));
        List<MessageInfo> messages = store.messages(INBOX);
        assertEquals(2, messages.size());
        assertEquals(Set.of(MessageFlag.SEEN), store.message(INBOX, id).flags());
        assertTrue(messages.stream().anyMatch(m -> m.subject().equals("Delivered")));
    }

    @Test
    void anOverLongNameOnDiskIsRefusedAndNothingIsWritten() throws IOException {
        String name = "Ü".repeat(200);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.createFolder(FolderPath.of(name)));
        assertTrue(e.getMessage().contains("the limit is 255"), e.getMessage());
        try (Stream<Path> entries = Files.list(data.resolve("default"))) {
            assertEquals(0, entries.filter(p -> p.getFileName().toString().startsWith(".&")).count());
        }
    }
}
