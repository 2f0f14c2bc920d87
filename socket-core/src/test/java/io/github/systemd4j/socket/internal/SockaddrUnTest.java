package io.github.systemd4j.socket.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.systemd4j.socket.UnixAddress;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SockaddrUnTest {
    private static byte[] family() {
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? new byte[] {1, 0} : new byte[] {0, 1};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void pathEndsWithItsNulLikeLibsystemdSendsIt() {
        byte[] encoded = SockaddrUn.encode(UnixAddress.parse("/run/systemd/journal/socket"));
        // 2 + 27 + 1 = 30, the msg_namelen strace shows for libsystemd
        assertArrayEquals(concat(family(), "/run/systemd/journal/socket\0".getBytes()), encoded);
    }

    @Test
    void abstractNameHasNoTrailingByte() {
        byte[] encoded = SockaddrUn.encode(UnixAddress.parse("@notify"));
        assertArrayEquals(concat(family(), new byte[] {0, 'n', 'o', 't', 'i', 'f', 'y'}), encoded);
    }
}
