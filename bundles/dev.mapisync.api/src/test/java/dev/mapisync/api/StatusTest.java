package dev.mapisync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusTest {

    @Test
    void codesAreMapisOwn() {
        assertEquals(0x00000000, Status.SUCCESS.code());
        assertEquals(0x00040680, Status.PARTIAL.code());
        assertEquals(0x80040501, Status.CANCELLED.code());
        assertEquals(0x80040115, Status.NETWORK.code());
        assertEquals(0x80040111, Status.LOGON.code());
        assertEquals(0x8004060C, Status.QUOTA.code());
        assertEquals(0x8004011B, Status.PROTOCOL.code());
        assertEquals(0x80004005, Status.PROVIDER_FAULT.code());
        assertEquals(0x80040401, Status.TIMEOUT.code());
        assertEquals(0x8004010F, Status.NOT_FOUND.code());
        assertEquals(0x80040604, Status.COLLISION.code());
    }

    @Test
    void everyCodeMapsBackToItsStatus() {
        Set<Integer> seen = new HashSet<>();
        for (Status status : Status.values()) {
            assertTrue(seen.add(status.code()), "code used twice: " + status);
            assertSame(status, Status.fromCode(status.code()));
            assertFalse(status.text().isBlank(), status.name());
        }
    }

    @Test
    void onlySuccessAndPartialSucceed() {
        for (Status status : Status.values()) {
            boolean expected = status == Status.SUCCESS || status == Status.PARTIAL;
            assertEquals(expected, status.succeeded(), status.name());
        }
    }

    @Test
    void unknownCodeIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Status.fromCode(0x80070005));
        assertTrue(e.getMessage().contains("0x80070005"), e.getMessage());
    }

    @Test
    void printsLikeCom() {
        assertEquals("0x80040111", Status.LOGON.hex());
        assertEquals("LOGON (MAPI_E_LOGON_FAILED 0x80040111)", Status.LOGON.toString());
    }
}
