package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalctlTest {
    @Test
    void parsesStringsBinaryAndRepeatedFields() throws Exception {
        String json = "{\"MESSAGE\":\"hi\",\"BIN\":[97,0,10],\"DUP\":[\"1\",[98,0]],\"GONE\":null}\n"
                + "{\"MESSAGE\":\"second\"}\n";
        List<JournalRecord> rs = Journalctl.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, rs.size());
        assertEquals("hi", rs.get(0).get("MESSAGE"));
        assertArrayEquals(new byte[] {'a', 0, '\n'}, rs.get(0).bytes("BIN"));
        assertEquals(2, rs.get(0).fields().get("DUP").size());
        assertArrayEquals(new byte[] {'b', 0}, rs.get(0).fields().get("DUP").get(1));
        assertFalse(rs.get(0).has("GONE"));
        assertEquals("second", rs.get(1).get("MESSAGE"));
    }
}
