package dev.mapisync.configfiles;

/** Why an account file cannot be applied, with the line to look at (0 when it is the whole file). */
final class ConfigFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int line;

    ConfigFileException(int line, String message) {
        super(message);
        this.line = line;
    }

    int line() {
        return line;
    }
}
