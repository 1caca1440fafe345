package dev.mapisync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FailedProvidersTest {

    @Test
    void theReasonIsTheDeepestCausesMessageInOneLine() {
        String trace = "java.lang.reflect.InvocationTargetException\n\tat jdk.internal.Foo.bar(Foo.java:1)\n"
                + "Caused by: java.lang.RuntimeException: wrapped\n\tat x.Y.z(Y.java:2)\n"
                + "Caused by: java.lang.IllegalArgumentException: IMAP account work: security NONE is for loopback\n"
                + "\tat a.B.c(B.java:3)\n";
        assertEquals("IMAP account work: security NONE is for loopback", FailedProviders.reason(trace));
        assertEquals("no such thing: here", FailedProviders.reason("java.io.IOException: no such thing: here\n\tat a"));
        assertEquals("java.lang.NullPointerException", FailedProviders.reason("java.lang.NullPointerException\n\tat a"));
        assertEquals("its activation failed", FailedProviders.reason(null));
    }
}
