package dev.mapisync.store.imap;

import dev.mapisync.api.store.FolderSyncState;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What {@link ChangeUpload} notes with a change before it appends or moves a message: the
 * target folder's UIDVALIDITY and UIDNEXT before, and the message's SHA-256 in the form the
 * server holds it (lines ending CRLF, as IMAP carries them). As text:
 * {@code v1 <UIDVALIDITY> <UIDNEXT> <sha256>}.
 */
record UploadNote(long validity, long uidNext, String digest) {

    static String of(FolderSyncState before, String digest) {
        return "v1 " + before.validity() + " " + before.uidNext() + " " + digest;
    }

    /** @return the note, empty if the text is not one (written by another provider, or damaged) */
    static Optional<UploadNote> parse(String text) {
        String[] parts = text.trim().split(" ");
        if (parts.length != 4 || !parts[0].equals("v1")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UploadNote(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @return the digest a note names, empty if it is not a note */
    static String digestOf(String text) {
        return parse(text).map(UploadNote::digest).orElse("");
    }

    /** @return the content with every line ending CRLF, as IMAP carries it (a bare LF becomes CRLF) */
    static byte[] canonical(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + content.length / 40);
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n' && (i == 0 || content[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(content[i]);
        }
        return out.toByteArray();
    }

    static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "v1 " + validity + " " + uidNext + " " + digest;
    }
}
