package io.github.systemd4j.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeProtocolDecoderTest {
    @Test
    void decodesBothFramingsSeparatorsAndComments() {
        byte[] data =
                ("A=1\n#comment\n.control\nB\n\3\0\0\0\0\0\0\0x\ny\n\nC=2\n").getBytes(StandardCharsets.ISO_8859_1);
        List<String> problems = new ArrayList<>();
        List<JournalRecord> rs = NativeProtocolDecoder.decode(data, false, problems);
        assertEquals(List.of(), problems);
        assertEquals(2, rs.size());
        assertEquals("1", rs.get(0).get("A"));
        assertArrayEquals("x\ny".getBytes(StandardCharsets.US_ASCII), rs.get(0).bytes("B"));
        assertEquals("2", rs.get(1).get("C"));
    }

    @Test
    void reportsWhatJournaldWouldDrop() {
        List<String> problems = new ArrayList<>();
        NativeProtocolDecoder.decode("lower=1\n_T=2\nOK=3\nTAIL".getBytes(StandardCharsets.US_ASCII), false, problems);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("lower"));
        assertTrue(problems.get(2).contains("trailing"));
    }
}
