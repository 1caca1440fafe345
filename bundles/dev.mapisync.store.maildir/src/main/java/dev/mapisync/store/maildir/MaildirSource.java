package dev.mapisync.store.maildir;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.store.WellKnownFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a Maildir as mutt and Dovecot leave it: the root's {@code cur/} and {@code new/} are
 * the Inbox, each {@code .A.B} folder beside them is folder A/B (Maildir++, names in modified
 * UTF-7), and a message file is {@code <unique name>[:2,<flag letters>]}. Read only: the
 * source is never changed.
 */
final class MaildirSource {

    /** A message file: its unique name (the id it keeps when its flags change), its flags and where it is now. */
    record Message(String key, Set<MessageFlag> flags, Path file) {
    }

    private final Path root;

    MaildirSource(Path root) {
        this.root = root;
    }

    /** @throws IOException if the root is not a Maildir, naming what is missing */
    Map<FolderPath, List<Message>> scan() throws IOException {
        if (!Files.isDirectory(root.resolve("cur"))) {
            throw new IOException(root + " is not a Maildir: it has no cur/ folder");
        }
        Map<FolderPath, List<Message>> folders = new LinkedHashMap<>();
        folders.put(WellKnownFolder.INBOX.path(), messages(root));
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.sorted().toList()) {
                String name = child.getFileName().toString();
                if (name.startsWith(".") && name.length() > 1 && Files.isDirectory(child.resolve("cur"))) {
                    folders.put(folderPath(name.substring(1)), messages(child));
                }
            }
        }
        return folders;
    }

    private static List<Message> messages(Path folder) throws IOException {
        List<Message> messages = new ArrayList<>();
        for (String part : new String[] {"new", "cur"}) {
            Path dir = folder.resolve(part);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (!name.startsWith(".") && Files.isRegularFile(file)) {
                        messages.add(message(file, name));
                    }
                }
            }
        }
        return messages;
    }

    private static Message message(Path file, String name) {
        int info = name.indexOf(":2,");
        Set<MessageFlag> flags = EnumSet.noneOf(MessageFlag.class);
        if (info >= 0) {
            for (char letter : name.substring(info + 3).toCharArray()) {
                for (MessageFlag flag : MessageFlag.values()) {
                    if (flag.maildirLetter() == letter) {
                        flags.add(flag);
                    }
                }
            }
        }
        int colon = name.indexOf(':');
        return new Message(colon < 0 ? name : name.substring(0, colon), flags, file);
    }

    /** {@code Work.Caf&AOk-} is Work/Café: levels split at '.', each decoded from modified UTF-7 (RFC 3501). */
    static FolderPath folderPath(String maildirName) {
        List<String> names = new ArrayList<>();
        for (String level : maildirName.split("\\.")) {
            names.add(decode(level));
        }
        if (names.get(0).equalsIgnoreCase("INBOX")) {
            names.set(0, WellKnownFolder.INBOX.path().name());
        }
        return FolderPath.of(names);
    }

    private static String decode(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int amp = text.indexOf('&', i);
            int end = amp < 0 ? -1 : text.indexOf('-', amp);
            if (amp < 0 || end < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, amp);
            String encoded = text.substring(amp + 1, end);
            // "&-" is a literal '&'; otherwise base64 of UTF-16 with ',' for '/'.
            out.append(encoded.isEmpty() ? "&"
                    : new String(Base64.getDecoder().decode(padded(encoded.replace(',', '/'))), StandardCharsets.UTF_16BE));
            i = end + 1;
        }
        return out.toString();
    }

    private static String padded(String base64) {
        return base64 + "===".substring(0, (4 - base64.length() % 4) % 4);
    }
}
