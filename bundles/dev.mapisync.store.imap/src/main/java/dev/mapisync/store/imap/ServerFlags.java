package dev.mapisync.store.imap;

import dev.mapisync.api.message.MessageFlag;
import jakarta.mail.Flags;
import java.util.EnumSet;
import java.util.Set;

/** IMAP system flags and mapisync's message flags, both ways. */
final class ServerFlags {

    private ServerFlags() {
    }

    static Set<MessageFlag> of(Flags flags) {
        EnumSet<MessageFlag> result = EnumSet.noneOf(MessageFlag.class);
        for (MessageFlag flag : MessageFlag.values()) {
            if (flags.contains(system(flag))) {
                result.add(flag);
            }
        }
        return result;
    }

    static Flags of(Set<MessageFlag> flags) {
        Flags result = new Flags();
        flags.forEach(f -> result.add(system(f)));
        return result;
    }

    /** @return every flag mapisync knows, for clearing the ones a message does not have */
    static Flags all() {
        return of(EnumSet.allOf(MessageFlag.class));
    }

    private static Flags.Flag system(MessageFlag flag) {
        return switch (flag) {
            case SEEN -> Flags.Flag.SEEN;
            case ANSWERED -> Flags.Flag.ANSWERED;
            case FLAGGED -> Flags.Flag.FLAGGED;
            case DELETED -> Flags.Flag.DELETED;
            case DRAFT -> Flags.Flag.DRAFT;
        };
    }
}
