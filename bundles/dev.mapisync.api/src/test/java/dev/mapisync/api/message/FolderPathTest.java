package dev.mapisync.api.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FolderPathTest {

    @Test
    void parsesAndPrintsTheSame() {
        FolderPath path = FolderPath.parse("Inbox/Projekte/Übersicht 2026");
        assertEquals(List.of("Inbox", "Projekte", "Übersicht 2026"), path.names());
        assertEquals("Inbox/Projekte/Übersicht 2026", path.toString());
        assertEquals(path, FolderPath.parse(path.toString()));
        assertEquals("Übersicht 2026", path.name());
        assertEquals(FolderPath.of("Inbox", "Projekte"), path.parent());
    }

    @Test
    void rootIsEmpty() {
        assertTrue(FolderPath.parse("").isRoot());
        assertEquals(FolderPath.ROOT, FolderPath.ROOT.parent());
        assertTrue(FolderPath.ROOT.contains(FolderPath.of("Inbox")));
    }

    @Test
    void containsItsDescendantsOnly() {
        FolderPath inbox = FolderPath.of("Inbox");
        assertTrue(inbox.contains(inbox.child("a")));
        assertFalse(inbox.contains(FolderPath.of("Inbox2")));
        assertFalse(inbox.child("a").contains(inbox));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "Inbox/../etc", "/Inbox", "Inbox/", "a//b", "a\u0000b", "tab\there", "new\nline",
            "del\u007F"})
    void pathTricksAreRefused(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> FolderPath.parse(text));
        assertTrue(e.getMessage().startsWith("folder path"), e.getMessage());
        assertFalse(e.getMessage().contains("\u0000"), "the message itself carries no control character");
    }

    @Test
    void slashInOneNameIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> FolderPath.of("a/b"));
        assertTrue(e.getMessage().contains("contains '/'"), e.getMessage());
    }

    @Test
    void overLongNameIsRefusedWithTheLimit() {
        String longName = "x".repeat(FolderPath.MAX_NAME_LENGTH + 1);
        var e = assertThrows(IllegalArgumentException.class, () -> FolderPath.of(longName));
        assertTrue(e.getMessage().contains("the limit is 255"), e.getMessage());
        FolderPath.of("x".repeat(FolderPath.MAX_NAME_LENGTH));
    }

    @Test
    void ordersParentsBeforeChildren() {
        assertTrue(FolderPath.of("a").compareTo(FolderPath.of("a", "b")) < 0);
        assertTrue(FolderPath.of("a", "z").compareTo(FolderPath.of("b")) < 0);
    }
}
