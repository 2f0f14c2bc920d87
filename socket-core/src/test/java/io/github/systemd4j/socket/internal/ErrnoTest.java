package io.github.systemd4j.socket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.socket.SendException;
import io.github.systemd4j.socket.SendFailure;
import io.github.systemd4j.socket.UnixAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrnoTest {
    @ParameterizedTest(name = "{1} ({0}) is {2}")
    @CsvSource({
        "2, ENOENT, NOT_FOUND",
        "111, ECONNREFUSED, REFUSED",
        "90, EMSGSIZE, TOO_LARGE",
        "105, ENOBUFS, TOO_LARGE",
        "11, EAGAIN, WOULD_BLOCK",
        "1, EPERM, OTHER",
        "13, EACCES, OTHER",
        "107, ENOTCONN, OTHER",
        "9, EBADF, OTHER"
    })
    void classifiesWhatTheKernelSays(int errno, String name, SendFailure failure) {
        assertEquals(failure, Errno.classify(errno));
        assertEquals(name + " (" + errno + ")", Errno.describe(errno));
    }

    @Test
    void exceptionNamesTargetFailureAndErrno() {
        SendException e = Errno.exception(Errno.ECONNREFUSED, UnixAddress.parse("/run/x"), "sending 3 bytes to");
        assertEquals(SendFailure.REFUSED, e.failure());
        assertEquals("sending 3 bytes to /run/x failed: REFUSED: ECONNREFUSED (111)", e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void unknownNumbersAreStillReportedAsOther() {
        assertEquals(SendFailure.OTHER, Errno.classify(4095));
        assertEquals("errno 4095", Errno.describe(4095));
    }

    @Test
    void aGonePeerIsWorthAReconnect() {
        assertTrue(Errno.isPeerGone(Errno.ECONNREFUSED), "first send after the receiver closed");
        assertTrue(Errno.isPeerGone(Errno.ENOTCONN), "later sends");
        assertTrue(Errno.isPeerGone(Errno.EPIPE));
        assertFalse(Errno.isPeerGone(Errno.EAGAIN), "busy, not gone");
        assertFalse(Errno.isPeerGone(Errno.ENOENT), "nothing to reconnect to");
        assertFalse(Errno.isPeerGone(Errno.EMSGSIZE));
    }
}
