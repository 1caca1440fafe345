package dev.mapisync.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why recipients did not take a message, told briefly: recipients with the same reason share
 * it, a reason names a few of them and says how many more, and only the first few reasons are
 * told. A server that refuses a thousand recipients with one 452 makes one short line, not a
 * log line of hundreds of kilobytes.
 */
final class RecipientReasons {

    static final int NAMED_PER_REASON = 3;
    static final int REASONS_TOLD = 3;

    private final Map<String, List<String>> byReason = new LinkedHashMap<>();
    private int count;

    void add(String recipient, String reason) {
        byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(recipient);
        count++;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** @return for example {@code "SMTP:a@x, SMTP:b@x, SMTP:c@x and 997 more: 452 4.5.3 too many recipients"} */
    @Override
    public String toString() {
        List<String> told = new ArrayList<>();
        int left = count;
        for (Map.Entry<String, List<String>> reason : byReason.entrySet()) {
            if (told.size() == REASONS_TOLD) {
                told.add("and " + left + " more recipient" + (left == 1 ? "" : "s") + " for other reasons");
                break;
            }
            List<String> recipients = reason.getValue();
            String named = String.join(", ", recipients.subList(0, Math.min(NAMED_PER_REASON, recipients.size())));
            int more = recipients.size() - NAMED_PER_REASON;
            told.add(named + (more > 0 ? " and " + more + " more" : "") + ": " + reason.getKey());
            left -= recipients.size();
        }
        return String.join("; ", told);
    }
}
