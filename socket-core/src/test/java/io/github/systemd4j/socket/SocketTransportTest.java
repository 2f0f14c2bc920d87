package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.internal.Transport;
import io.github.systemd4j.socket.internal.UnusableDatagramSender;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SocketTransportTest {
    private static final UnixAddress TARGET = UnixAddress.parse("/run/test/socket");

    /** A transport that is usable or not, and counts how often it was asked. */
    static final class FakeTransport implements Transport {
        final String name;
        final String problem;
        int asked;

        FakeTransport(String name, String problem) {
            this.name = name;
            this.problem = problem;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return name + " (fake)";
        }

        @Override
        public String unusableReason() {
            asked++;
            return problem;
        }

        @Override
        public DatagramSender openSender(UnixAddress target, SenderOptions options) {
            return new UnusableDatagramSender(target, "opened by " + name);
        }

        @Override
        public HangupPipe openHangupPipe() {
            throw new UnsupportedOperationException("a fake has no pipes");
        }
    }

    private static FakeTransport ffm(String problem) {
        return new FakeTransport("ffm", problem);
    }

    private static FakeTransport junixsocket(String problem) {
        return new FakeTransport("junixsocket", problem);
    }

    @Test
    void ffmIsPreferredAndJunixsocketIsNotEvenLoaded() {
        FakeTransport junixsocket = junixsocket(null);
        SocketTransport t = SocketTransport.choose(null, ffm(null), junixsocket);
        assertEquals("ffm", t.name());
        assertTrue(t.isUsable());
        assertEquals("systemd4j socket transport: ffm (fake)", t.status());
        assertEquals(0, junixsocket.asked, "junixsocket's library is not loaded when FFM works");
    }

    @Test
    void junixsocketStepsInAndTheStatusSaysWhyFfmIsNotUsed() {
        SocketTransport t = SocketTransport.choose("auto", ffm("needs Java 22+"), junixsocket(null));
        assertEquals("junixsocket", t.name());
        assertTrue(t.isUsable());
        assertEquals("systemd4j socket transport: junixsocket (fake); FFM not used: needs Java 22+", t.status());
    }

    @Test
    void withNeitherUsableEverySendSaysWhyAndNothingIsThrownAtOpen() {
        SocketTransport t = SocketTransport.choose(
                "", ffm("needs Java 22+"), junixsocket("could not load its native library; use tmpdir"));
        assertEquals("none", t.name());
        assertFalse(t.isUsable());
        assertTrue(t.status().contains("needs Java 22+"), t.status());
        assertTrue(t.status().contains("use tmpdir"), t.status());
        try (DatagramSender sender = t.open(TARGET, SenderOptions.defaults())) {
            SendException e = assertThrows(SendException.class, () -> sender.send(ByteBuffer.allocate(1)));
            assertEquals(SendFailure.UNSUPPORTED, e.failure());
            assertTrue(e.getMessage().contains("use tmpdir"), e.getMessage());
            assertEquals(
                    SendFailure.UNSUPPORTED,
                    assertThrows(SendException.class, () -> sender.sendWithFileDescriptors(ByteBuffer.allocate(0)))
                            .failure());
            assertTrue(sender.maxDatagramSize() > 0);
            IOException noPipe = assertThrows(IOException.class, t::openHangupPipe);
            assertTrue(noPipe.getMessage().contains("use tmpdir"), noPipe.getMessage());
            assertSame(TARGET, sender.target());
            sender.close();
            assertEquals(
                    SendFailure.CLOSED,
                    assertThrows(SendException.class, () -> sender.send(ByteBuffer.allocate(1)))
                            .failure());
        }
    }

    @Test
    void thePropertyForcesJunixsocketEvenWhenFfmWorks() {
        FakeTransport ffm = ffm(null);
        SocketTransport t = SocketTransport.choose("junixsocket", ffm, junixsocket(null));
        assertEquals("junixsocket", t.name());
        assertTrue(t.status().endsWith("(forced by -Dsystemd4j.socket.transport=junixsocket)"), t.status());
        assertEquals(0, ffm.asked);
    }

    @Test
    void aForcedTransportThatCannotWorkIsNotReplaced() {
        SocketTransport t = SocketTransport.choose(" FFM ", ffm("needs Java 22+"), junixsocket(null));
        assertEquals("ffm", t.name());
        assertFalse(t.isUsable());
        assertEquals(
                "systemd4j socket transport: ffm (forced by -Dsystemd4j.socket.transport=ffm) is not usable:"
                        + " needs Java 22+",
                t.status());
    }

    @Test
    void anUnknownValueIsReportedAndIgnored() {
        SocketTransport t = SocketTransport.choose("jna", ffm(null), junixsocket(null));
        assertEquals("ffm", t.name());
        assertTrue(t.status().contains("unknown -Dsystemd4j.socket.transport=jna ignored"), t.status());
    }
}
