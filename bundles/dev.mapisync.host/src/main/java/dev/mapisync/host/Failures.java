package dev.mapisync.host;

/** Turns a provider's exception into text for status and logs. */
final class Failures {

    private Failures() {
    }

    /** @return the exception's type and message, for example {@code IllegalStateException: broken} */
    static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
