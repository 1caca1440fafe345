package dev.mapisync.store.imap;

import dev.mapisync.api.message.FolderPath;
import dev.mapisync.api.store.WellKnownFolder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Server folder names and replica folder paths: INBOX is the replica's Inbox; levels split at the server's separator. */
final class FolderMapping {

    private FolderMapping() {
    }

    /** @throws IllegalArgumentException if a level's name cannot be a folder name (it names the folder) */
    static FolderPath path(String serverName, char separator) {
        if (serverName.equalsIgnoreCase("INBOX")) {
            return WellKnownFolder.INBOX.path();
        }
        List<String> names = new ArrayList<>(List.of(serverName.split(Pattern.quote(String.valueOf(separator)), -1)));
        if (names.get(0).equalsIgnoreCase("INBOX")) {
            names.set(0, WellKnownFolder.INBOX.path().name());
        }
        return FolderPath.of(names);
    }

    static String serverName(FolderPath path, char separator) {
        if (path.equals(WellKnownFolder.INBOX.path())) {
            return "INBOX";
        }
        List<String> names = new ArrayList<>(path.names());
        if (names.get(0).equals(WellKnownFolder.INBOX.path().name())) {
            names.set(0, "INBOX");
        }
        return String.join(String.valueOf(separator), names);
    }

    /** The name include/exclude patterns are matched against: levels joined by '/'. */
    static String display(FolderPath path) {
        return path.toString();
    }
}
