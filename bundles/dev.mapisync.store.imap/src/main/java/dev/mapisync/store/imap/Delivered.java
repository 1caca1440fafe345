package dev.mapisync.store.imap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A message's bytes as they come from the server, counted and digested, and checked when they
 * end: a delivery of no bytes at all, or of fewer than the server's own {@code RFC822.SIZE},
 * ends in {@link Incomplete} instead of an end of stream, so the replica never stores it (it
 * removes what it wrote when a read fails). Angus reads an answer that holds no content (a
 * bare OK, or NIL) as an empty message, and a server may send less than it announced.
 *
 * <p>Some servers report sizes larger than what they serve (Exchange computes an estimate;
 * hMailServer has been seen off by some bytes): such a message is fetched a second time, and
 * if the same bytes come again ({@code earlier}) they are taken as the whole message. Without
 * this, a store that insisted on the size would never get any mail from such a server. The
 * two deliveries are compared by length and CRC-32C (the processor computes it; a SHA-256 of
 * every message cost a full sync more CPU than all else it does).
 */
final class Delivered extends FilterInputStream {

    /** What the server delivered is not the whole message; the reason names how much came. */
    static final class Incomplete extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Optional<Long> digest;

        Incomplete(String reason, Optional<Long> digest) {
            super(reason);
            this.digest = digest;
        }

        /** @return the checksum of a delivery shorter than the announced size, to compare a second one with */
        Optional<Long> shortDigest() {
            return digest;
        }
    }

    private final long announced;
    private final Optional<Long> earlier;
    private final CRC32C digest = new CRC32C();
    private long count;
    private boolean ended;
    private boolean servedShortAlike;

    /**
     * @param announced the server's RFC822.SIZE of the message, or -1 if it said none (then
     *        only an empty delivery is incomplete)
     * @param earlier the checksum of an earlier delivery of the message that was shorter than
     *        announced (with its length), if there was one
     */
    Delivered(InputStream in, long announced, Optional<Long> earlier) {
        super(in);
        this.announced = announced;
        this.earlier = earlier;
    }

    /**
     * Checks content already in memory, as the stream would at its end; the checksum is
     * computed only for a delivery short of its size.
     *
     * @return whether it is shorter than announced but the same as the earlier delivery
     * @throws Incomplete if it is not the whole message
     */
    static boolean check(byte[] content, int offset, int length, long announced, Optional<Long> earlier)
            throws Incomplete {
        return judge(length, () -> {
            CRC32C crc = new CRC32C();
            crc.update(content, offset, length);
            return crc.getValue();
        }, announced, earlier);
    }

    /** @return whether the message came shorter than announced, the same as the earlier delivery */
    boolean servedShortAlike() {
        return servedShortAlike;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            end();
        } else {
            digest.update(b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read < 0) {
            end();
        } else {
            digest.update(buffer, offset, read);
            count += read;
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a delivery is read whole, never skipped");
    }

    private void end() throws Incomplete {
        if (!ended) {
            ended = true;
            servedShortAlike = judge(count, digest::getValue, announced, earlier);
        }
    }

    /**
     * @param checksum the delivery's CRC-32C, asked for only if it is short of its size
     * @return whether a delivery shorter than announced is the same as the earlier one
     * @throws Incomplete if it is not the whole message
     */
    private static boolean judge(long count, java.util.function.LongSupplier checksum, long announced,
            Optional<Long> earlier) throws Incomplete {
        if (count == 0) {
            throw new Incomplete("the server delivered no content for it"
                    + (announced > 0 ? " (its RFC822.SIZE is " + announced + ")" : ""), Optional.empty());
        }
        if (announced <= count) {
            return false;
        }
        // The length in the high bits: two deliveries alike have the same length and checksum.
        long mine = count << 32 | checksum.getAsLong();
        if (earlier.isPresent() && earlier.get() == mine) {
            return true;
        }
        throw new Incomplete("the server delivered " + count + " of its " + announced + " bytes"
                + (earlier.isPresent() ? ", and other bytes than the time before" : ""), Optional.of(mine));
    }
}
