package dev.mapisync.store.local;

/**
 * One message's row in the {@link ListingIndex}: its current file name, size, received time,
 * Subject and From, stored as one tab-separated text.
 */
record ListingRow(String subdirectory, String fileName, long size, long receivedMillis, String subject, String from) {

    String encode() {
        return String.join("\t", subdirectory, fileName, Long.toString(size), Long.toString(receivedMillis),
                subject.replace('\t', ' '), from.replace('\t', ' '));
    }

    static ListingRow decode(String text) {
        String[] parts = text.split("\t", -1);
        return new ListingRow(parts[0], parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]), parts[4], parts[5]);
    }
}
