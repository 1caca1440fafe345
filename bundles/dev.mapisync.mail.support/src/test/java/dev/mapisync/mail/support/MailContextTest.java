package dev.mapisync.mail.support;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class MailContextTest {

    @Test
    void mailCodeRunsWithTheBundlesLoaderAndTheThreadGetsItsOwnBackEvenAfterAFailure() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        ClassLoader callers = new URLClassLoader(new URL[0], null);
        thread.setContextClassLoader(callers);
        try {
            try (MailContext context = MailContext.enter()) {
                assertSame(MailContext.class.getClassLoader(), thread.getContextClassLoader());
            }
            assertSame(callers, thread.getContextClassLoader());
            assertThrows(IllegalStateException.class, () -> {
                try (MailContext context = MailContext.enter()) {
                    throw new IllegalStateException("mail code failed");
                }
            });
            assertSame(callers, thread.getContextClassLoader());
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
