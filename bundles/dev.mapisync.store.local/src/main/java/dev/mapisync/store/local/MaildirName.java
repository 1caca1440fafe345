package dev.mapisync.store.local;

import dev.mapisync.api.message.MessageFlag;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A message file's name in a maildir: {@code <base>:2,<flags>}, where the base is the unique
 * name with fields {@code ,S=<size>}, and mapisync's own {@code ,R=<validity>-<remote id>}
 * (the message's id on the server, written in the same rename that makes the message
 * visible) and {@code ,P} (headers only). The base never changes; it is the message's id.
 * The flags are Maildir's info letters, sorted, as Dovecot and mutt write them; letters
 * mapisync does not know are kept.
 *
 * @param base the unique name with its fields
 * @param flags the known flags
 * @param otherLetters info letters mapisync does not know (kept on renames)
 */
record MaildirName(String base, Set<MessageFlag> flags, String otherLetters) {

    private static final Pattern SAFE_REMOTE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    static MaildirName parse(String fileName) {
        int info = fileName.indexOf(":2,");
        if (info < 0) {
            return new MaildirName(fileName, Set.of(), "");
        }
        EnumSet<MessageFlag> flags = EnumSet.noneOf(MessageFlag.class);
        StringBuilder other = new StringBuilder();
        for (char letter : fileName.substring(info + 3).toCharArray()) {
            Optional<MessageFlag> flag = flag(letter);
            if (flag.isPresent()) {
                flags.add(flag.get());
            } else {
                other.append(letter);
            }
        }
        return new MaildirName(fileName.substring(0, info), Set.copyOf(flags), other.toString());
    }

    private static Optional<MessageFlag> flag(char letter) {
        for (MessageFlag flag : MessageFlag.values()) {
            if (flag.maildirLetter() == letter) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }

    /** @return the base of a new message */
    static String base(String unique, long size, Optional<String> remote, boolean complete) {
        StringBuilder base = new StringBuilder(unique).append(",S=").append(size);
        remote.ifPresent(r -> base.append(",R=").append(r));
        if (!complete) {
            base.append(",P");
        }
        return base.toString();
    }

    /** @return a remote id in a form safe for a file name: itself if it is short and plain, else hex */
    static String encodeRemote(long validity, String remoteId) {
        String id = SAFE_REMOTE.matcher(remoteId).matches() ? remoteId
                : "~" + java.util.HexFormat.of().formatHex(remoteId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return validity + "-" + id;
    }

    static String decodeRemote(String encoded) {
        String id = encoded.substring(encoded.indexOf('-') + 1);
        return id.startsWith("~")
                ? new String(java.util.HexFormat.of().parseHex(id.substring(1)), java.nio.charset.StandardCharsets.UTF_8)
                : id;
    }

    MaildirName withFlags(Set<MessageFlag> newFlags) {
        return new MaildirName(base, Set.copyOf(newFlags), otherLetters);
    }

    /** @return the {@code ,R=} field: validity and remote id, if the message came from a server */
    Optional<String> remoteField() {
        return field("R");
    }

    /**
     * @return the base without its {@code ,R=} field: the message's base once it is the user's
     *         (moved to another folder, where the server id of the source means nothing)
     */
    String baseWithoutRemote() {
        return remoteField().map(field -> base.replace(",R=" + field, "")).orElse(base);
    }

    /** @return the size from the {@code ,S=} field */
    Optional<Long> size() {
        return field("S").map(Long::parseLong);
    }

    /** @return {@code false} if only the headers are held (the {@code ,P} field) */
    boolean complete() {
        return java.util.Arrays.stream(base.split(",")).noneMatch("P"::equals);
    }

    private Optional<String> field(String key) {
        for (String part : base.split(",")) {
            if (part.startsWith(key + "=")) {
                return Optional.of(part.substring(key.length() + 1));
            }
        }
        return Optional.empty();
    }

    /** @return the file name: base, {@code :2,} and the info letters in ASCII order */
    String fileName() {
        StringBuilder letters = new StringBuilder(otherLetters);
        flags.forEach(f -> letters.append(f.maildirLetter()));
        char[] sorted = letters.toString().toCharArray();
        java.util.Arrays.sort(sorted);
        return base + ":2," + new String(sorted);
    }
}
