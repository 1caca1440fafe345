package dev.mapisync.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressListTest {

    @Test
    void readsAddrSpecsPastNamesQuotesAndComments() {
        assertEquals(List.of("ada@example.org", "bob@example.org", "carol@example.org"), AddressList.parse(
                "\"Lovelace, Ada\" <ada@example.org>, bob@example.org (Bob, the builder), Carol <carol@example.org>"));
    }

    @Test
    void readsGroupMembers() {
        assertEquals(List.of("a@x.org", "b@x.org"), AddressList.parse("Team: a@x.org, B <b@x.org>;"));
        assertEquals(List.of(), AddressList.parse("undisclosed-recipients:;"));
    }

    @Test
    void dropsObsoleteRoutes() {
        assertEquals(List.of("ada@example.org"), AddressList.parse("<@relay.example:ada@example.org>"));
    }

    @Test
    void unclosedSyntaxIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> AddressList.parse("\"Ada <ada@example.org>"));
        assertEquals("unclosed quote in \"\"Ada <ada@example.org>\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AddressList.parse("Ada <ada@example.org"));
        assertThrows(IllegalArgumentException.class, () -> AddressList.parse("ada@example.org (comment"));
    }
}
