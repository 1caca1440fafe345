package dev.mapisync.api.message;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a message goes: an address and the type of address it is.
 *
 * <p>MAPI counterpart: a row of a message's recipient table with {@code PR_ADDRTYPE}
 * (for example {@code SMTP}) and {@code PR_EMAIL_ADDRESS}. The host picks the transport
 * whose {@code addressTypes()} holds the address type. The type is upper-cased; the
 * address is kept as given but may not hold line breaks or other control characters (so
 * that it can never inject a header or a protocol command). Immutable and thread-safe.
 *
 * @param addressType for example {@code SMTP}: letters, digits, {@code '-'} and {@code '_'}
 * @param address for example {@code ada@example.org}; non-blank
 */
public record Recipient(String addressType, String address) {

    private static final Pattern ADDRESS_TYPE = Pattern.compile("[A-Z0-9_-]{1,32}");

    /** The address type of Internet mail. */
    public static final String SMTP = "SMTP";

    /** @throws IllegalArgumentException if either part is not allowed; the message names it */
    public Recipient {
        Objects.requireNonNull(addressType, "Recipient: addressType is required");
        Objects.requireNonNull(address, "Recipient: address is required");
        addressType = addressType.toUpperCase(Locale.ROOT);
        if (!ADDRESS_TYPE.matcher(addressType).matches()) {
            throw new IllegalArgumentException("Recipient: address type \"" + addressType
                    + "\" must be 1 to 32 letters, digits, '-' or '_'");
        }
        if (address.isBlank()) {
            throw new IllegalArgumentException("Recipient: address must not be blank");
        }
        if (address.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Recipient: address must not contain line breaks or control characters");
        }
    }

    /**
     * @param address an Internet mail address
     * @return an {@link #SMTP} recipient
     */
    public static Recipient smtp(String address) {
        return new Recipient(SMTP, address);
    }

    @Override
    public String toString() {
        return addressType + ":" + address;
    }
}
