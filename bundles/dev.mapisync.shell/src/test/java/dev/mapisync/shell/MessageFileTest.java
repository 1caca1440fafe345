package dev.mapisync.shell;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What mapisync:queue takes: a message file with recipients; anything else is refused by name. */
class MessageFileTest {

    @TempDir
    Path dir;

    private String refusal(String name, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(name), content);
        String message = assertThrows(IllegalArgumentException.class, () -> MessageFile.check(file)).getMessage();
        assertTrue(message.contains(file.toString()), message);
        return message;
    }

    @Test
    void aMessageWithRecipientsIsTaken() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.eml"), "From: ada@example.org\r\nTo: bob@example.org,\r\n"
                + "  carol@example.org\r\nSubject: hi\r\n\r\nHello.\r\n");
        assertDoesNotThrow(() -> MessageFile.check(file));
        Path fax = Files.writeString(dir.resolve("fax.eml"), "X-Mapisync-Recipient: FAX:+4930123\n\nHello.\n");
        assertDoesNotThrow(() -> MessageFile.check(fax));
    }

    @Test
    void badFilesAreRefusedSayingWhy() throws Exception {
        assertTrue(refusal("none.eml", "From: ada@example.org\r\nSubject: hi\r\n\r\nTo: not a header here\r\n")
                .contains("names no recipient"));
        assertTrue(refusal("empty-to.eml", "To: \r\n\r\nHello.\r\n").contains("names no recipient"));
        assertTrue(refusal("empty.eml", "").contains("no header section"));
        assertTrue(refusal("prose.eml", "Dear Bob,\r\nhello.\r\n").contains("line 1: not a header field"));
        String missing = assertThrows(IllegalArgumentException.class,
                () -> MessageFile.check(dir.resolve("missing.eml"))).getMessage();
        assertTrue(missing.contains("missing.eml is not a file"), missing);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MessageFile.check(dir)).getMessage()
                .contains("is not a file"));
    }
}
