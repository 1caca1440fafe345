package dev.mapisync.store.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes that survive a crash at any moment: content goes to a temporary file that is forced
 * to disk, then renamed into place atomically, and the directory is forced so the rename
 * itself is on disk. A reader sees the old file or the new one, never part of one.
 */
final class Durable {

    private static final int BUFFER = 64 * 1024;

    private Durable() {
    }

    /**
     * What {@link #write} wrote: its size and its first bytes (up to the {@code head} asked
     * for), so that a caller reads the header without opening the file again.
     */
    record Written(long size, byte[] head) {
    }

    /**
     * Streams {@code content} into {@code temporary}, forcing it to disk.
     *
     * @param head how many of the first bytes to return
     * @return the number of bytes written and the first ones
     */
    static Written write(Path temporary, InputStream content, int head) throws IOException {
        long size = 0;
        byte[] first = new byte[0];
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // Content already in memory says how long it is: a buffer no bigger than that (most messages are a few kB,
            // and a sync stores thousands a second: a 64 kB buffer for each was most of what the collector cleared).
            int known = content instanceof ByteArrayInputStream ? content.available() : 0;
            byte[] buffer = new byte[known > 0 ? Math.min(BUFFER, known) : BUFFER];
            int read;
            while ((read = content.read(buffer)) > 0) {
                if (first.length < head) {
                    int more = Math.min(read, head - first.length);
                    byte[] longer = Arrays.copyOf(first, first.length + more);
                    System.arraycopy(buffer, 0, longer, first.length, more);
                    first = longer;
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                size += read;
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return new Written(size, first);
    }

    /** Streams {@code content} into {@code temporary}, forcing it to disk. @return the number of bytes written */
    static long write(Path temporary, InputStream content) throws IOException {
        return write(temporary, content, 0).size();
    }

    /** Renames atomically (replacing the target) and forces both directories. */
    static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(to.getParent());
        if (!from.getParent().equals(to.getParent())) {
            forceDirectory(from.getParent());
        }
    }

    /** Writes a small file whole, atomically. */
    static void replace(Path target, byte[] content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        write(temporary, new java.io.ByteArrayInputStream(content));
        rename(temporary, target);
    }

    static void delete(Path file) throws IOException {
        Files.delete(file);
        forceDirectory(file.getParent());
    }

    static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
