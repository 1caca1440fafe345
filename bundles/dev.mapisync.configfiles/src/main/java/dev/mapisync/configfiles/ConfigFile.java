package dev.mapisync.configfiles;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One ConfigAdmin file as Apache Karaf names them: {@code <pid>.cfg} for a single configuration,
 * {@code <factoryPid>-<name>.cfg} for one of a factory's (one account); a targeted factory PID
 * ({@code pid|bundle|version}) names the provider version that serves the account. The content
 * is Java properties (UTF-8), kept with the line each setting starts on so a problem can point
 * at it.
 *
 * @param factoryPid the factory PID, or {@code null} for a single configuration
 * @param pid the PID of a single configuration, or the factory configuration's name
 * @param settings the settings in file order
 */
record ConfigFile(String factoryPid, String pid, List<Setting> settings) {

    /** A {@code key = value} and the line of the file it starts on. */
    record Setting(String key, String value, int line) {
    }

    static final String EXTENSION = ".cfg";

    /** The largest file read: an account's settings take a few hundred bytes. */
    static final int MAX_BYTES = 1024 * 1024;

    /** @return the PID the provider's Metatype describes it under: without a target */
    String metatypePid() {
        String full = factoryPid != null ? factoryPid : pid;
        int target = full.indexOf('|');
        return target < 0 ? full : full.substring(0, target);
    }

    static ConfigFile read(Path file) throws IOException, ConfigFileException {
        String name = file.getFileName().toString();
        if (!name.endsWith(EXTENSION) || name.length() == EXTENSION.length()) {
            throw new ConfigFileException(0, "the file name is not <pid>.cfg or <factoryPid>-<name>.cfg");
        }
        String base = name.substring(0, name.length() - EXTENSION.length());
        int dash = base.indexOf('-');
        if (dash == 0 || dash == base.length() - 1) {
            throw new ConfigFileException(0, "the file name has an empty factory PID or account name around '-'");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bounded(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigFileException(0, "the file is not UTF-8 text");
        }
        List<Setting> settings = parse(text);
        return dash < 0 ? new ConfigFile(null, base, settings)
                : new ConfigFile(base.substring(0, dash), base.substring(dash + 1), settings);
    }

    /** @return the file's bytes; read no further than the limit, so a huge file costs no memory */
    private static byte[] bounded(Path file) throws IOException, ConfigFileException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ConfigFileException(0, "the file is larger than " + MAX_BYTES / 1024 + " KiB, the most a "
                        + "configuration file may be; it is not read");
            }
            return bytes;
        }
    }

    /**
     * Splits the text into logical lines (a line ending in an odd number of backslashes goes on)
     * and lets {@link Properties} read each one, so escapes mean what they mean in any
     * {@code .properties} file; what Properties would silently accept but is surely a mistake
     * (no value separator, an empty key, a key given twice) is refused.
     */
    static List<Setting> parse(String text) throws ConfigFileException {
        String[] lines = text.split("\r\n|\r|\n", -1);
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (int i = 0; i < lines.length; i++) {
            int first = i + 1;
            String stripped = lines[i].stripLeading();
            if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith("!")) {
                continue;
            }
            StringBuilder logical = new StringBuilder(lines[i]);
            while (endsInContinuation(logical) && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(lines[++i].stripLeading());
            }
            Setting setting = setting(logical.toString(), first);
            Setting earlier = settings.putIfAbsent(setting.key(), setting);
            if (earlier != null) {
                throw new ConfigFileException(first, SettingsCheck.shownKey(setting.key()) + " is set again (first on line "
                        + earlier.line() + ")");
            }
        }
        return new ArrayList<>(settings.values());
    }

    private static Setting setting(String logical, int line) throws ConfigFileException {
        if (!hasSeparator(logical.strip())) {
            // Never the text: it may be a password written on a line of its own.
            throw new ConfigFileException(line, "expected key = value, found text without '=' (the text is not shown: "
                    + "it may be a secret; a value goes on the line of its key, or that line ends with a backslash)");
        }
        Properties one = new Properties();
        try {
            one.load(new StringReader(logical));
        } catch (IllegalArgumentException | IOException e) {
            throw new ConfigFileException(line, "a malformed \\uXXXX escape");
        }
        String key = one.stringPropertyNames().stream().findFirst().orElse("");
        if (key.isBlank()) {
            throw new ConfigFileException(line, "the setting has no key");
        }
        return new Setting(key, one.getProperty(key).strip(), line);
    }

    /** A properties key ends at an unescaped '=', ':' or whitespace; a line with none has no value. */
    private static boolean hasSeparator(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsInContinuation(CharSequence line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
