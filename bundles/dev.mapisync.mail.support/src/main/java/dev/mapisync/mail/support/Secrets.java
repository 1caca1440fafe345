package dev.mapisync.mail.support;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets as configuration delivers them. ConfigAdmin's interpolation replaces
 * {@code $[secret:name]} and {@code $[env:NAME]} with their values, and leaves the text as it
 * is when it cannot (a missing secret file, an unset variable): such a text is never a
 * password, and must never be sent to a server as one.
 */
public final class Secrets {

    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\[(secret|env|prop):[^\\]]*\\]");

    private Secrets() {
    }

    /** @return the reference a value still holds if it was not resolved; the reference names the secret, never holds it */
    public static Optional<String> unresolved(String value) {
        Matcher reference = UNRESOLVED.matcher(value == null ? "" : value);
        return reference.find() ? Optional.of(reference.group()) : Optional.empty();
    }

    /**
     * @param setting the setting's name, for example {@code password}
     * @return why the value cannot be used, if it is an unresolved reference
     */
    public static Optional<String> problem(String setting, String value) {
        return unresolved(value).map(reference -> setting + " is " + reference + ", which ConfigAdmin did not resolve "
                + "(is the secret file in etc/secrets, the variable set?); mapisync does not log in with it");
    }
}
