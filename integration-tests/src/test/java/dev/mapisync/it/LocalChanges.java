package dev.mapisync.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import dev.mapisync.api.Identity;
import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.message.MessageFlag;
import dev.mapisync.api.message.MessageId;
import dev.mapisync.api.message.MessageInfo;
import dev.mapisync.api.store.Replica;
import dev.mapisync.store.local.LocalStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Changes a user makes in a replica while the host is stopped, through the API as a mail
 * client bundle would (each journaled for upload), and what the server must show once they
 * are uploaded: flags set, messages deleted, moved from the Inbox to Archive, appended to
 * Projects. Messages are known by their content's digest, which an upload does not change.
 */
final class LocalChanges {

    private static final FolderPath INBOX = FolderPath.of("Inbox");
    private static final FolderPath ARCHIVE = FolderPath.of("Archive");
    private static final FolderPath PROJECTS = FolderPath.of("Projects");

    /** Digest to the flags it was given, by server folder name. */
    private final Map<String, Map<String, String>> flagged = new HashMap<>();
    /** Digests deleted, by server folder name. */
    private final Map<String, List<String>> deleted = new HashMap<>();
    private final List<String> moved = new ArrayList<>();
    private final List<String> appended = new ArrayList<>();

    /** Makes the changes in the replica of {@code data}, which no host has open. */
    static LocalChanges make(Path data, String caseName, Random random) throws Exception {
        LocalChanges changes = new LocalChanges();
        LocalStore storage = ChaosMailbox.localStore(data);
        try {
            Replica replica = storage.replica(new Identity(ChaosHost.STORE, "chaos"));
            changes.flagSome(replica, random);
            changes.deleteSome(replica, random);
            changes.moveSome(replica, random);
            for (int i = 0; i < 20; i++) {
                byte[] content = ("From: ada@example.org\r\nTo: team@example.org\r\nSubject: written offline " + i
                        + "\r\nMessage-ID: <" + caseName + "-draft-" + i + "@example.org>\r\n\r\nA draft, " + random.nextLong()
                        + ".\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                replica.appendMessage(PROJECTS, new ByteArrayInputStream(content), Set.of(MessageFlag.DRAFT));
                changes.appended.add(ChaosMailbox.digest(content));
            }
        } finally {
            storage.close();
        }
        return changes;
    }

    private void flagSome(Replica replica, Random random) throws Exception {
        for (FolderPath folder : List.of(INBOX, ARCHIVE, PROJECTS)) {
            List<MessageInfo> messages = replica.messages(folder);
            for (int i = 0; i < 20; i++) {
                MessageInfo message = messages.get(random.nextInt(messages.size()));
                EnumSet<MessageFlag> flags = EnumSet.noneOf(MessageFlag.class);
                for (MessageFlag flag : List.of(MessageFlag.SEEN, MessageFlag.FLAGGED, MessageFlag.ANSWERED)) {
                    if (random.nextBoolean()) {
                        flags.add(flag);
                    }
                }
                replica.setFlags(folder, message.id(), flags);
                flagged.computeIfAbsent(serverName(folder), k -> new HashMap<>()).put(digest(replica, folder, message.id()),
                        letters(flags));
            }
        }
    }

    private void deleteSome(Replica replica, Random random) throws Exception {
        for (FolderPath folder : List.of(ARCHIVE, PROJECTS)) {
            List<MessageInfo> messages = new ArrayList<>(replica.messages(folder));
            for (int i = 0; i < 10; i++) {
                MessageInfo message = messages.remove(random.nextInt(messages.size()));
                String digest = digest(replica, folder, message.id());
                replica.deleteMessage(folder, message.id());
                deleted.computeIfAbsent(serverName(folder), k -> new ArrayList<>()).add(digest);
                flagged.getOrDefault(serverName(folder), new HashMap<>()).remove(digest);
            }
        }
    }

    private void moveSome(Replica replica, Random random) throws Exception {
        List<MessageInfo> messages = new ArrayList<>(replica.messages(INBOX));
        for (int i = 0; i < 20; i++) {
            MessageInfo message = messages.remove(random.nextInt(messages.size()));
            String digest = digest(replica, INBOX, message.id());
            replica.moveMessage(INBOX, message.id(), ARCHIVE);
            moved.add(digest);
            String flags = flagged.getOrDefault("INBOX", new HashMap<>()).remove(digest);
            if (flags != null) {
                flagged.computeIfAbsent("Archive", k -> new HashMap<>()).put(digest, flags);
            }
        }
    }

    /** Checks that the server shows every change, and nothing twice. */
    void assertUploaded(Map<String, ChaosMailbox.FolderState> server, String what) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        Map<String, Map<String, String>> flags = new HashMap<>();
        server.forEach((name, folder) -> folder.messages().values().forEach(seen -> {
            counts.computeIfAbsent(name, k -> new HashMap<>()).merge(seen.digest(), 1, Integer::sum);
            flags.computeIfAbsent(name, k -> new HashMap<>()).put(seen.digest(), seen.flags());
        }));
        flagged.forEach((folder, byDigest) -> byDigest.forEach((digest, letters) -> assertEquals(what + ": " + folder
                + " message " + digest + " carries the flags set locally", letters, flags.get(folder).get(digest))));
        deleted.forEach((folder, digests) -> digests.forEach(digest -> assertFalse(what + ": " + folder + " message "
                + digest + " is deleted on the server", counts.get(folder).containsKey(digest))));
        for (String digest : moved) {
            assertFalse(what + ": moved message " + digest + " left the Inbox", counts.get("INBOX").containsKey(digest));
            assertEquals(what + ": moved message " + digest + " is in Archive once", Integer.valueOf(1),
                    counts.get("Archive").get(digest));
        }
        for (String digest : appended) {
            assertEquals(what + ": appended message " + digest + " is in Projects once", Integer.valueOf(1),
                    counts.get("Projects").get(digest));
        }
    }

    private static String serverName(FolderPath folder) {
        return folder.equals(INBOX) ? "INBOX" : folder.toString();
    }

    private static String digest(Replica replica, FolderPath folder, MessageId id) throws Exception {
        try (InputStream in = replica.openMessage(folder, id)) {
            return ChaosMailbox.digest(in.readAllBytes());
        }
    }

    private static String letters(Set<MessageFlag> flags) {
        StringBuilder letters = new StringBuilder();
        for (MessageFlag flag : flags) {
            letters.append(flag.maildirLetter());
        }
        char[] sorted = letters.toString().toCharArray();
        java.util.Arrays.sort(sorted);
        return new String(sorted);
    }
}
