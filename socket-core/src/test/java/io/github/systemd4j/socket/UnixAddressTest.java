package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UnixAddressTest {
    @Test
    void pathIsItsUtf8Bytes() {
        UnixAddress a = UnixAddress.parse("/run/systemd/journal/socket");
        assertFalse(a.isAbstract());
        assertEquals(Path.of("/run/systemd/journal/socket"), a.path());
        assertArrayEquals("/run/systemd/journal/socket".getBytes(StandardCharsets.US_ASCII), a.sunPathBytes());
    }

    @Test
    void abstractNameIsLeadingNulPlusUtf8WithExactLength() {
        UnixAddress a = UnixAddress.parse("@notify-ü");
        assertTrue(a.isAbstract());
        byte[] expected = {0, 'n', 'o', 't', 'i', 'f', 'y', '-', (byte) 0xC3, (byte) 0xBC};
        assertArrayEquals(expected, a.sunPathBytes());
        assertEquals("@notify-ü", a.toString());
        assertEquals(a, UnixAddress.ofAbstract("notify-ü"));
    }

    @Test
    void relativeEmptyAndNulAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> UnixAddress.parse("relative/path"));
        assertThrows(IllegalArgumentException.class, () -> UnixAddress.parse(""));
        assertThrows(IllegalArgumentException.class, () -> UnixAddress.parse("/a\0b"));
        assertThrows(IllegalArgumentException.class, () -> UnixAddress.ofPath(Path.of("x")));
    }

    @Test
    void lengthLimitCountsBytesNotChars() {
        String path107 = "/" + "a".repeat(106);
        assertEquals(107, UnixAddress.parse(path107).sunPathBytes().length);
        assertThrows(IllegalArgumentException.class, () -> UnixAddress.parse(path107 + "a"));
        // 53 two-byte characters plus the leading NUL are 107 bytes; one more is too long.
        assertEquals(107, UnixAddress.ofAbstract("é".repeat(53)).sunPathBytes().length);
        assertThrows(IllegalArgumentException.class, () -> UnixAddress.ofAbstract("é".repeat(53) + "x"));
    }

    @Test
    void pathOfAbstractAddressIsAnError() {
        assertThrows(IllegalStateException.class, () -> UnixAddress.parse("@x").path());
    }
}
