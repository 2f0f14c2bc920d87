package io.github.systemd4j.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link HangupPipe} must do, run against each transport by a subclass. The receiving side
 * is always junixsocket's {@link DatagramReceiver}.
 */
abstract class HangupPipeContract {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** {@code O_CLOEXEC} in the octal {@code flags:} line of {@code /proc/self/fdinfo}. */
    private static final int O_CLOEXEC = 02000000;

    @TempDir
    Path dir;

    /**
     * Creates a pipe with the transport under test.
     *
     * @return the pipe
     * @throws IOException if it cannot be created
     */
    abstract HangupPipe openPipe() throws IOException;

    /**
     * Opens a sender of the transport under test, to pass the write end.
     *
     * @param target the receiving socket
     * @return the sender
     */
    abstract DatagramSender openSender(UnixAddress target);

    @Test
    void hangupWhenTheOnlyWriteEndIsClosed() throws IOException {
        try (HangupPipe pipe = openPipe()) {
            pipe.closeWriteEnd();
            assertTrue(pipe.awaitHangup(Duration.ZERO));
            pipe.closeWriteEnd(); // idempotent
        }
    }

    @Test
    void noHangupWhileThisProcessStillHoldsTheWriteEnd() throws IOException {
        try (HangupPipe pipe = openPipe()) {
            assertTrue(pipe.writeEnd().valid());
            assertFalse(pipe.awaitHangup(Duration.ZERO));
        }
    }

    @Test
    void aTimeoutIsWaitedInFull() throws IOException {
        Duration timeout = Duration.ofMillis(300);
        try (HangupPipe pipe = openPipe()) {
            long start = System.nanoTime();
            assertFalse(pipe.awaitHangup(timeout));
            assertTrue(System.nanoTime() - start >= timeout.toNanos());
        }
    }

    @Test
    void aHangupWhileWaitingEndsTheWait() throws Exception {
        try (HangupPipe pipe = openPipe()) {
            CompletableFuture<Void> closer = CompletableFuture.runAsync(
                    pipe::closeWriteEnd, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
            long start = System.nanoTime();
            assertTrue(pipe.awaitHangup(WAIT));
            assertTrue(System.nanoTime() - start < WAIT.toNanos() / 2);
            closer.get();
        }
    }

    @Test
    void hangupWaitsForTheProcessThatReceivedTheWriteEnd() throws IOException {
        UnixAddress address = UnixAddress.ofPath(dir.resolve("manager"));
        try (DatagramReceiver manager = DatagramReceiver.bind(address);
                DatagramSender sender = openSender(address);
                HangupPipe pipe = openPipe()) {
            sender.sendWithFileDescriptors(
                    ByteBuffer.wrap("BARRIER=1".getBytes(StandardCharsets.US_ASCII)), pipe.writeEnd());
            pipe.closeWriteEnd();
            ReceivedDatagram barrier = manager.receive(WAIT);
            assertEquals("BARRIER=1", new String(barrier.payload(), StandardCharsets.US_ASCII));
            assertEquals(1, barrier.fileDescriptors().size());
            assertFalse(pipe.awaitHangup(Duration.ZERO), "the receiver still holds a copy");
            barrier.close();
            assertTimeoutPreemptively(WAIT, () -> assertTrue(pipe.awaitHangup(WAIT)));
        }
    }

    @Test
    void bothEndsAreCloseOnExecAndNoOtherCopyIsLeft() throws IOException {
        Set<Integer> before = pipeDescriptors();
        try (HangupPipe pipe = openPipe()) {
            Set<Integer> ends = pipeDescriptors();
            ends.removeAll(before);
            assertEquals(2, ends.size(), "the read end and one write end: " + ends);
            for (int fd : ends) {
                assertTrue((flags(fd) & O_CLOEXEC) != 0, "descriptor " + fd + " lacks O_CLOEXEC");
            }
            pipe.closeWriteEnd();
            Set<Integer> left = pipeDescriptors();
            left.removeAll(before);
            assertEquals(1, left.size(), "only the read end: " + left);
        }
        Set<Integer> after = pipeDescriptors();
        after.removeAll(before);
        assertEquals(Set.of(), after);
    }

    @Test
    void anInterruptedWaitThrows() throws IOException {
        try (HangupPipe pipe = openPipe()) {
            long start = System.nanoTime();
            Thread.currentThread().interrupt();
            try {
                assertThrows(InterruptedIOException.class, () -> pipe.awaitHangup(WAIT));
            } finally {
                Thread.interrupted();
            }
            assertTrue(System.nanoTime() - start < WAIT.toNanos() / 2);
        }
    }

    @Test
    void waitingOnAClosedPipeThrows() throws IOException {
        HangupPipe pipe = openPipe();
        pipe.close();
        pipe.close(); // idempotent
        assertThrows(IOException.class, () -> pipe.awaitHangup(Duration.ZERO));
    }

    private static Set<Integer> pipeDescriptors() throws IOException {
        Set<Integer> numbers = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("pipe:")) {
                        numbers.add(Integer.parseInt(fd.getFileName().toString()));
                    }
                } catch (IOException closedMeanwhile) {
                    // the directory stream's own descriptor
                }
            }
        }
        return numbers;
    }

    private static int flags(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring(6).trim(), 8);
            }
        }
        throw new IOException("no flags for descriptor " + fd);
    }
}
