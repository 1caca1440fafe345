package dev.mapisync.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesValuesAndEscapesText() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "say \"hi\"\\ </script>\n\u0001");
        value.put("n", 42L);
        value.put("ok", true);
        value.put("none", null);
        value.put("list", Arrays.asList(1, "two", null));
        assertEquals("{\"text\":\"say \\\"hi\\\"\\\\ \\u003c/script>\\n\\u0001\",\"n\":42,\"ok\":true,\"none\":null,"
                + "\"list\":[1,\"two\",null]}", Json.write(value));
    }
}
