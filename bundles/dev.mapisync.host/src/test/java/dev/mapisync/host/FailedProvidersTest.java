package dev.mapisync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

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

    /** SCR builds a DTO of every configuration for this: with 1,000 accounts it is asked again only when something changed. */
    @Test
    void theComponentsAreLookedAtAgainOnlyWhenScrsChangeCountMoved() {
        AtomicInteger lookUps = new AtomicInteger();
        ServiceComponentRuntime scr = (ServiceComponentRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceComponentRuntime.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getComponentDescriptionDTOs")) {
                        lookUps.incrementAndGet();
                        return List.of();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        AtomicLong changeCount = new AtomicLong(7);
        ServiceReference<?> reference = (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty") && Constants.SERVICE_CHANGECOUNT.equals(args[0])) {
                        return changeCount.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        FailedProviders failed = new FailedProviders();
        for (int i = 0; i < 10; i++) {
            assertEquals(List.of(), failed.problems(scr, reference));
        }
        assertEquals(1, lookUps.get(), "ten asks, one look");
        changeCount.incrementAndGet();
        failed.problems(scr, reference);
        assertEquals(2, lookUps.get(), "a component changed: looked at again");
    }
}
