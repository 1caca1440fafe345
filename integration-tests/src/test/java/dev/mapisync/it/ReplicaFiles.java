package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A replica as its Maildir++ files say, read without mapisync's code: the files are the
 * truth. Each message file names its server id in its base ({@code ,R=<UIDVALIDITY>-<UID>})
 * and its flags in its info ({@code :2,<letters>}).
 */
final class ReplicaFiles {

    /** One message file of a replica folder. */
    record File(String name, String digest, String flags) {

        /** @return {@code <UIDVALIDITY>-<UID>}, or null for a message the server has not given an id */
        String serverId() {
            String base = name.contains(":2,") ? name.substring(0, name.indexOf(":2,")) : name;
            for (String field : base.split(",")) {
                if (field.startsWith("R=")) {
                    return field.substring(2);
                }
            }
            return null;
        }
    }

    private ReplicaFiles() {
    }

    /** @return the one replica under {@code data/replicas} (a home serves one IMAP account) */
    static Path only(Path data) throws IOException {
        try (Stream<Path> replicas = Files.list(data.resolve("replicas"))) {
            List<Path> all = replicas.filter(Files::isDirectory).toList();
            assertEquals("one replica in " + data + ": " + all, 1, all.size());
            return all.get(0);
        }
    }

    /** @return each folder's message files, by the server's name of the folder */
    static Map<String, List<File>> read(Path replica) throws Exception {
        Map<String, List<File>> folders = new HashMap<>();
        try (Stream<Path> entries = Files.list(replica)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry.resolve("cur")) && name.startsWith(".")) {
                    folders.put(name.substring(1), files(entry));
                }
            }
        }
        folders.put("INBOX", files(replica));
        return folders;
    }

    private static List<File> files(Path maildir) throws Exception {
        List<File> files = new ArrayList<>();
        for (String sub : new String[] {"cur", "new"}) {
            try (Stream<Path> messages = Files.list(maildir.resolve(sub))) {
                for (Path message : messages.toList()) {
                    String name = message.getFileName().toString();
                    String flags = name.contains(":2,") ? name.substring(name.indexOf(":2,") + 3) : "";
                    files.add(new File(name, ChaosMailbox.digest(Files.readAllBytes(message)), flags));
                }
            }
        }
        return files;
    }

    /**
     * Compares the replica's files with the server, folder by folder: every server message once
     * under its UID and current UIDVALIDITY, byte for byte, with the server's flags; nothing
     * else (no message without a server id, none of an old UIDVALIDITY, no second copy).
     */
    static void assertSameAs(Map<String, ChaosMailbox.FolderState> server, Path replica, String what) throws Exception {
        Map<String, List<File>> files = read(replica);
        for (Map.Entry<String, ChaosMailbox.FolderState> folder : server.entrySet()) {
            String name = folder.getKey();
            List<File> held = files.getOrDefault(name, List.of());
            Map<String, File> byId = new HashMap<>();
            for (File file : held) {
                String id = file.serverId();
                assertTrue(what + ": " + name + " holds " + file.name() + ", which the server does not know", id != null);
                File twice = byId.put(id, file);
                assertTrue(what + ": " + name + " holds server message " + id + " twice: " + file.name() + " and "
                        + (twice == null ? "" : twice.name()), twice == null);
            }
            for (Map.Entry<Long, ChaosMailbox.Seen> message : folder.getValue().messages().entrySet()) {
                String id = folder.getValue().validity() + "-" + message.getKey();
                File file = byId.remove(id);
                assertTrue(what + ": " + name + " lacks server message UID " + message.getKey(), file != null);
                assertEquals(what + ": " + name + " UID " + message.getKey() + " content", message.getValue().digest(),
                        file.digest());
                assertEquals(what + ": " + name + " UID " + message.getKey() + " flags", message.getValue().flags(),
                        file.flags());
            }
            assertTrue(what + ": " + name + " holds messages the server does not: " + byId.keySet(), byId.isEmpty());
        }
        for (String name : files.keySet()) {
            assertTrue(what + ": the replica holds folder " + name + ", which the server does not",
                    server.containsKey(name) || files.get(name).isEmpty());
        }
    }
}
