package dev.mapisync.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostNamesTest {

    private final HostNames defaults = new HostNames(new String[0]);

    @Test
    void onLoopbackTheAddressLocalhostAndLoopbackLiteralsAreServedOnTheirPort() {
        assertTrue(defaults.serves("127.0.0.1:8025", "127.0.0.1", 8025, false));
        assertTrue(defaults.serves("localhost:8025", "127.0.0.1", 8025, false));
        assertTrue(defaults.serves("LOCALHOST:8025", "127.0.0.1", 8025, false));
        assertTrue(defaults.serves("[::1]:8025", "127.0.0.1", 8025, false));
        assertTrue(defaults.serves("localhost", "127.0.0.1", 80, false), "no port: 80");
    }

    @Test
    void anyOtherNameIsRefusedEvenWhenItResolvesHere() {
        assertFalse(defaults.serves("rebind.attacker.example:8025", "127.0.0.1", 8025, false));
        assertFalse(defaults.serves("attacker.example", "127.0.0.1", 80, false));
        assertFalse(defaults.serves("localhost.attacker.example:8025", "127.0.0.1", 8025, false));
        assertFalse(defaults.serves("127.0.0.1:9999", "127.0.0.1", 8025, false), "another port");
        assertFalse(defaults.serves("localhost:x", "127.0.0.1", 8025, false));
        assertFalse(defaults.serves(null, "127.0.0.1", 8025, false));
        assertFalse(defaults.serves("", "127.0.0.1", 8025, false));
    }

    @Test
    void beyondLoopbackOnlyTheAddressItselfAndListedNames() {
        HostNames listed = new HostNames(new String[] {"mail.example.org", " proxy.example.org:443 "});
        assertTrue(listed.serves("192.168.1.20:8025", "192.168.1.20", 8025, false));
        assertFalse(listed.serves("localhost:8025", "192.168.1.20", 8025, false), "localhost is not this address");
        assertTrue(listed.serves("Mail.Example.org:8025", "192.168.1.20", 8025, false));
        assertTrue(listed.serves("mail.example.org", "192.168.1.20", 8025, false), "a listed name, any port");
        assertTrue(listed.serves("proxy.example.org", "192.168.1.20", 8025, true), "443 over TLS");
        assertFalse(listed.serves("proxy.example.org:8443", "192.168.1.20", 8025, true), "a listed port only");
        assertTrue(listed.serves("[0:0:0:0:0:0:0:1]:8025", "::1", 8025, false));
    }
}
