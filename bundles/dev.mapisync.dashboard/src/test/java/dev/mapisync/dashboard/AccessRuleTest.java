package dev.mapisync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mapisync.dashboard.AccessRule.Verdict;
import org.junit.jupiter.api.Test;

class AccessRuleTest {

    @Test
    void withoutATokenOnlyLoopbackIsServed() {
        AccessRule open = new AccessRule("");
        assertEquals(Verdict.ALLOWED, open.decide("127.0.0.1", null));
        assertEquals(Verdict.ALLOWED, open.decide("0:0:0:0:0:0:0:1", null));
        assertEquals(Verdict.ALLOWED, open.decide("[::1]", null));
        assertEquals(Verdict.NEEDS_TOKEN_CONFIGURED, open.decide("192.168.1.20", null));
        assertEquals(Verdict.NEEDS_TOKEN_CONFIGURED, open.decide("10.0.0.5", "anything"));
        assertEquals(Verdict.NEEDS_TOKEN_CONFIGURED, open.decide(null, null));
    }

    @Test
    void withATokenEveryRequestMustPresentIt() {
        AccessRule guarded = new AccessRule("s3cret");
        assertEquals(Verdict.ALLOWED, guarded.decide("192.168.1.20", "s3cret"));
        assertEquals(Verdict.ALLOWED, guarded.decide("127.0.0.1", "s3cret"));
        assertEquals(Verdict.TOKEN_MISSING, guarded.decide("127.0.0.1", null));
        assertEquals(Verdict.TOKEN_MISSING, guarded.decide("192.168.1.20", "s3cre"));
        assertEquals(Verdict.TOKEN_MISSING, guarded.decide("192.168.1.20", "s3cret "));
    }

    @Test
    void aTokenConfigAdminCouldNotResolveClosesTheDashboardAndIsNeverTheSecret() {
        for (String unresolved : new String[] {"$[secret:no-such-file]", "$[env:NO_SUCH_VARIABLE]", "x$[secret:a]y"}) {
            AccessRule closed = new AccessRule(unresolved);
            assertEquals(Verdict.TOKEN_UNRESOLVED, closed.decide("127.0.0.1", unresolved), unresolved);
            assertEquals(Verdict.TOKEN_UNRESOLVED, closed.decide("127.0.0.1", null));
            assertFalse(closed.hasToken());
            assertTrue(closed.unresolved().orElseThrow().startsWith("$["));
        }
        assertEquals(Verdict.ALLOWED, new AccessRule("$[not a reference").decide("10.0.0.5", "$[not a reference"));
    }

    @Test
    void onlyLiteralLoopbackAddressesCount() {
        assertTrue(AccessRule.isLoopback("127.0.0.2"));
        assertFalse(AccessRule.isLoopback("localhost"), "names are never looked up");
        assertFalse(AccessRule.isLoopback("example.org"));
        assertFalse(AccessRule.isLoopback("0.0.0.0"));
    }
}
