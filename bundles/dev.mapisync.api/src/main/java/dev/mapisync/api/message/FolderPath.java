package dev.mapisync.api.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a folder sits in a store's hierarchy: its names from the top down, for example
 * {@code Inbox/Projects/2026}.
 *
 * <p>MAPI counterpart: a folder's place under {@code IMAPIFolder} parents, its
 * {@code PR_DISPLAY_NAME} at each level. Names are Unicode as the user sees them; how a
 * store encodes them on disk or on the wire (modified UTF-7, Maildir++ dots) is the
 * store's business.
 *
 * <p>A name is refused, with a message naming it, when it is empty, {@code "."} or
 * {@code ".."}, holds {@code '/'} (the separator), a NUL or any other control character,
 * or is longer than {@value #MAX_NAME_LENGTH} characters. So a path built here can never
 * climb out of a store's data. The root (no names) is the parent of top-level folders.
 * Immutable and thread-safe.
 */
public final class FolderPath implements Comparable<FolderPath> {

    /** The separator between names in {@link #toString()} and {@link #parse(String)}. */
    public static final char SEPARATOR = '/';

    /** The longest name accepted, in UTF-16 characters. */
    public static final int MAX_NAME_LENGTH = 255;

    /** The top of the hierarchy. */
    public static final FolderPath ROOT = new FolderPath(List.of());

    private final List<String> names;

    private FolderPath(List<String> names) {
        this.names = names;
    }

    /**
     * @param names the names from the top down
     * @return the path
     * @throws IllegalArgumentException if a name is not allowed; the message names it
     */
    public static FolderPath of(String... names) {
        return of(List.of(names));
    }

    /**
     * @param names the names from the top down
     * @return the path
     * @throws IllegalArgumentException if a name is not allowed; the message names it
     */
    public static FolderPath of(List<String> names) {
        List<String> copy = List.copyOf(names);
        copy.forEach(FolderPath::checkName);
        return copy.isEmpty() ? ROOT : new FolderPath(copy);
    }

    /**
     * Reads a path written as names joined by {@code '/'}; the empty string is the root.
     *
     * @param text for example {@code "Inbox/Projects"}
     * @return the path
     * @throws IllegalArgumentException if a name is not allowed (including the empty name
     *         that a leading, trailing or doubled separator makes); the message names it
     */
    public static FolderPath parse(String text) {
        Objects.requireNonNull(text, "folder path is required");
        if (text.isEmpty()) {
            return ROOT;
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == SEPARATOR) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        try {
            return of(parts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("folder path \"" + printable(text) + "\": " + e.getMessage(), e);
        }
    }

    /**
     * Checks one folder name against the rules above.
     *
     * @param name a single folder name
     * @throws IllegalArgumentException if it is not allowed; the message says why
     */
    public static void checkName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("folder name is missing (null)");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("folder name is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("folder name \"" + name + "\" is not allowed");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("folder name \"" + printable(name.substring(0, 32))
                    + "...\" is " + name.length() + " characters long; the limit is " + MAX_NAME_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == SEPARATOR) {
                throw new IllegalArgumentException("folder name \"" + printable(name) + "\" contains '/'");
            }
            if (Character.isISOControl(c)) {
                throw new IllegalArgumentException("folder name \"" + printable(name)
                        + "\" contains the control character U+" + String.format("%04X", (int) c));
            }
        }
    }

    /** Escapes control characters so that an error message is safe to log and print. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    /** @return the names from the top down; empty for the root */
    public List<String> names() {
        return names;
    }

    /** @return the last name; the empty string for the root */
    public String name() {
        return names.isEmpty() ? "" : names.get(names.size() - 1);
    }

    /** @return {@code true} for the root */
    public boolean isRoot() {
        return names.isEmpty();
    }

    /** @return the parent; the root is its own parent */
    public FolderPath parent() {
        return names.size() <= 1 ? ROOT : new FolderPath(names.subList(0, names.size() - 1));
    }

    /**
     * @param name the child's name
     * @return this path with {@code name} appended
     * @throws IllegalArgumentException if the name is not allowed
     */
    public FolderPath child(String name) {
        checkName(name);
        List<String> longer = new ArrayList<>(names);
        longer.add(name);
        return new FolderPath(List.copyOf(longer));
    }

    /**
     * @param other another path
     * @return {@code true} if {@code other} is this path or lies below it
     */
    public boolean contains(FolderPath other) {
        return other.names.size() >= names.size() && other.names.subList(0, names.size()).equals(names);
    }

    @Override
    public int compareTo(FolderPath other) {
        int common = Math.min(names.size(), other.names.size());
        for (int i = 0; i < common; i++) {
            int c = names.get(i).compareTo(other.names.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(names.size(), other.names.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FolderPath other && names.equals(other.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    /** @return the names joined by {@code '/'}; {@link #parse(String)} reads it back */
    @Override
    public String toString() {
        return String.join(String.valueOf(SEPARATOR), names);
    }
}
