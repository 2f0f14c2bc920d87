package io.github.systemd4j.socket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.systemd4j.socket.SendFailure;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.ConnectionRefusedSocketException;
import org.newsclub.net.unix.ConnectionResetSocketException;
import org.newsclub.net.unix.SocketClosedException;

/**
 * How the ways a shared junixsocket channel fails when journald dies are classified. junixsocket closes
 * the descriptor itself on {@code ECONNREFUSED}, {@code ENOTCONN} and {@code ECONNRESET}, so when
 * several threads send on it, only the first sees {@code ECONNREFUSED}; the others fail as listed here.
 * Each must be a {@linkplain SendFailure#isUnavailable() lost peer}, which the sender answers by
 * reconnecting and sending again, never {@link SendFailure#CLOSED} (which only {@code close()} means)
 * or {@link SendFailure#OTHER}.
 */
class JunixsocketErrorsTest {
    @Test
    void theFirstSenderToMeetTheDeadPeerIsRefused() {
        assertEquals(SendFailure.REFUSED, JunixsocketErrors.classify(new ConnectionRefusedSocketException("x")));
    }

    @Test
    void aSendWhoseChannelAnotherThreadClosedMeanwhileIsALostPeer() {
        // The channel's end(false) after a failed write on a descriptor junixsocket closed for another thread.
        assertEquals(SendFailure.REFUSED, JunixsocketErrors.classify(new AsynchronousCloseException()));
    }

    @Test
    void aSendOnASocketAnotherThreadsSendDisconnectedIsALostPeer() {
        // ENOTCONN: the kernel disconnected the socket when the other thread got ECONNREFUSED.
        assertEquals(SendFailure.REFUSED, JunixsocketErrors.classify(new NotYetConnectedException()));
        // ECONNRESET: this thread was waiting for room in the dead peer's queue.
        assertEquals(SendFailure.REFUSED, JunixsocketErrors.classify(new ConnectionResetSocketException("x")));
    }

    @Test
    void aSendOnADescriptorClosedUnderItIsALostPeer() {
        // EBADF: the number was closed between junixsocket reading it and the system call.
        assertEquals(SendFailure.REFUSED, JunixsocketErrors.classify(new SocketException("Bad file descriptor")));
        // The number was already closed when junixsocket read it.
        assertEquals(SendFailure.REFUSED, JunixsocketErrors.classify(new SocketException("Socket is closed")));
        assertEquals(SendFailure.REFUSED, JunixsocketErrors.classify(new SocketClosedException("Not open")));
        assertEquals(SendFailure.REFUSED, JunixsocketErrors.classify(new ClosedChannelException()));
    }

    @Test
    void anInterruptedSenderIsNotAClosedSender() {
        // The JDK closes an interruptible channel when the sending thread is interrupted; sending again
        // from that thread would be interrupted again.
        assertEquals(SendFailure.OTHER, JunixsocketErrors.classify(new ClosedByInterruptException()));
    }
}
