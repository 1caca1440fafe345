package dev.mapisync.mail.support;

/**
 * Mail code runs with the mail bundle's class loader as the thread's context class loader:
 * Jakarta Mail finds its providers through ServiceLoader on that loader, and in OSGi the
 * calling thread may carry any other. This package is copied into each mail bundle
 * ({@code -conditionalpackage}), so the loader set is the bundle's that runs it. Used as
 * {@code try (MailContext context = MailContext.enter()) { ... }}; closing it puts the
 * thread's own loader back.
 */
public final class MailContext implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    private MailContext(Thread thread) {
        this.thread = thread;
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MailContext.class.getClassLoader());
    }

    /** @return the switch, to be closed on the same thread */
    public static MailContext enter() {
        return new MailContext(Thread.currentThread());
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
