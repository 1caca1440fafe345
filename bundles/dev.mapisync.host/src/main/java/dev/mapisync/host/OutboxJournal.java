package dev.mapisync.host;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The durable record of Outbox submissions: one small file per message, written to a
 * temporary file, forced to disk and atomically renamed into place, so that after a crash
 * every record is either the old or the new one, never a torn one.
 */
final class OutboxJournal {

    private static final String SUFFIX = ".outbox";
    /**
     * A framework property naming a folder for durable state that nothing cleans: the runnable
     * host sets it ({@code data}), since its launcher empties the framework storage at every
     * start. A platform that keeps its framework storage (Apache Karaf) needs none.
     */
    static final String DATA_DIR = "mapisync.data.dir";

    /** Where the records are; it moves with {@link #relocate}. Every access to the files holds this object's lock. */
    private Path directory;

    /**
     * @param configured the configured directory, or empty
     * @return where the journal lives: the configured directory, else {@code outbox} in the
     *         folder {@value #DATA_DIR} names, else in the host bundle's data area
     */
    static Path directory(String configured, BundleContext context) {
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        String data = context.getProperty(DATA_DIR);
        return data == null || data.isBlank() ? context.getDataFile("outbox").toPath() : Path.of(data.trim(), "outbox");
    }

    /** @return the outboxJournalDirectory the configuration {@code pid} names, if ConfigAdmin has one */
    static Optional<String> configured(ConfigurationAdmin configurationAdmin, String pid, System.Logger log) {
        try {
            org.osgi.service.cm.Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + pid + ")");
            Object directory = found == null || found[0].getProperties() == null ? null
                    : found[0].getProperties().get("outboxJournalDirectory");
            return directory instanceof String text && !text.isBlank() && !text.contains("$[")
                    ? Optional.of(text.trim()) : Optional.empty();
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            log.log(System.Logger.Level.WARNING, pid + ": its configuration cannot be read at start: " + e.getMessage());
            return Optional.empty();
        }
    }

    OutboxJournal(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory).toAbsolutePath().normalize();
    }

    synchronized Path directory() {
        return directory;
    }

    /**
     * Moves every record to {@code target}, each written there durably before it goes here,
     * and works there from then on; a submission under way finds its record where it left it.
     * Refused, changing nothing, if {@code target} holds records already (two journals are not
     * merged: a record held as "a server may have accepted it" must not be lost to a fresher one).
     *
     * @return how many records moved
     */
    synchronized int relocate(Path target) throws IOException {
        Path to = target.toAbsolutePath().normalize();
        if (to.equals(directory)) {
            return 0;
        }
        OutboxJournal there = new OutboxJournal(to);
        if (!there.readAll().isEmpty()) {
            throw new IOException(to + " holds outbox records already; they are not merged with those of " + directory);
        }
        List<OutboxRecord> records = readAll();
        for (OutboxRecord record : records) {
            there.write(record);
        }
        for (OutboxRecord record : records) {
            delete(record.messageId());
        }
        directory = to;
        return records.size();
    }

    synchronized Optional<OutboxRecord> read(String messageId) throws IOException {
        return read(file(messageId));
    }

    synchronized List<OutboxRecord> readAll() throws IOException {
        List<OutboxRecord> records = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                read(file).ifPresent(records::add);
            }
        }
        return records;
    }

    synchronized void write(OutboxRecord record) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("id", record.messageId());
        properties.setProperty("state", record.state().name());
        properties.setProperty("attempts", Integer.toString(record.attempts()));
        properties.setProperty("reason", record.reason());
        properties.setProperty("next", Long.toString(record.nextAttemptMillis()));
        int i = 0;
        for (String recipient : record.accepted()) {
            properties.setProperty("accepted." + i++, recipient);
        }
        StringWriter text = new StringWriter();
        properties.store(text, null);
        Path target = file(record.messageId());
        Path temporary = directory.resolve(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the outbox journal directory " + directory + " does not support atomic renames", e);
        }
        forceDirectory();
    }

    synchronized void delete(String messageId) throws IOException {
        if (Files.deleteIfExists(file(messageId))) {
            forceDirectory();
        }
    }

    private Optional<OutboxRecord> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            Set<String> accepted = new LinkedHashSet<>();
            for (int i = 0; properties.containsKey("accepted." + i); i++) {
                accepted.add(properties.getProperty("accepted." + i));
            }
            return Optional.of(new OutboxRecord(required(properties, "id"),
                    OutboxRecord.State.valueOf(required(properties, "state")),
                    Integer.parseInt(required(properties, "attempts")), accepted, properties.getProperty("reason", ""),
                    Long.parseLong(required(properties, "next"))));
        } catch (IllegalArgumentException e) {
            throw new IOException("outbox journal file " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }

    private Path file(String messageId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(messageId.getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(digest) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Makes a rename or delete itself durable, not only the file's content. */
    private void forceDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
