package io.github.systemd4j.socket.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.github.systemd4j.socket.HangupPipe;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link HangupPipe} through FFM downcalls (Java 22+): {@code pipe2(O_CLOEXEC)}, and {@code poll} on
 * the read end for {@code POLLHUP}. Loads no library.
 *
 * <p>The write end callers see is the pipe reopened for writing through {@code /proc/self/fd}, the
 * only way to get a {@link FileDescriptor} without JNI. Its number is found among this process's
 * descriptors of the pipe, marked {@code FD_CLOEXEC} (the JDK opens without it) and registered with
 * {@link DescriptorNumbers} for the FFM sender to pass; the original write end is then closed, so that
 * the reopened one is the only writer.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/poll.2.html">poll(2)</a>
 */
final class FfmHangupPipe implements HangupPipe {
    /** Longest single {@code poll}: a downcall cannot be interrupted, so the thread's interrupt is checked between. */
    private static final int SLICE_MILLIS = 100;

    /** {@code struct pollfd { int fd; short events; short revents; }}. */
    private static final long POLLFD_SIZE = 8;

    private static final Path OWN_FDS = Path.of("/proc/self/fd");

    private final int readEnd;
    private final FileOutputStream writer;
    private final FileDescriptor writeEnd;
    private boolean writeEndClosed;
    private boolean closed;

    private FfmHangupPipe(int readEnd, FileOutputStream writer) throws IOException {
        this.readEnd = readEnd;
        this.writer = writer;
        this.writeEnd = writer.getFD();
    }

    /**
     * Creates the pipe.
     *
     * @return the open pipe
     * @throws IOException if it cannot be created
     */
    static FfmHangupPipe open() throws IOException {
        MemorySegment state = CallBuffers.current().state;
        int readEnd;
        int writeEnd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if (Libc.pipe2(state, fds, Libc.O_CLOEXEC) != 0) {
                throw new IOException("cannot create a pipe: " + Errno.describe(Libc.errno(state)));
            }
            readEnd = fds.getAtIndex(JAVA_INT, 0);
            writeEnd = fds.getAtIndex(JAVA_INT, 1);
        }
        FileOutputStream writer = null;
        try {
            writer = new FileOutputStream(
                    OWN_FDS.resolve(String.valueOf(writeEnd)).toFile());
            int number = reopenedNumber(readEnd, writeEnd);
            if (Libc.fcntl(state, number, Libc.F_SETFD, Libc.FD_CLOEXEC) != 0) {
                throw new IOException("cannot set FD_CLOEXEC on the pipe: " + Errno.describe(Libc.errno(state)));
            }
            FfmHangupPipe pipe = new FfmHangupPipe(readEnd, writer);
            DescriptorNumbers.register(pipe.writeEnd, number);
            return pipe;
        } catch (IOException | RuntimeException e) {
            closeQuietly(writer);
            Libc.close(readEnd);
            throw e;
        } finally {
            Libc.close(writeEnd);
        }
    }

    /** The one descriptor of this pipe that is neither end {@code pipe2} returned: the reopened write end. */
    private static int reopenedNumber(int readEnd, int writeEnd) throws IOException {
        String pipe =
                Files.readSymbolicLink(OWN_FDS.resolve(String.valueOf(readEnd))).toString();
        // No other code holds this new pipe, so nothing else can add or remove its descriptors meanwhile.
        List<Integer> others = new ArrayList<>(ProcSockets.descriptorsLinkingTo(pipe));
        others.remove(Integer.valueOf(readEnd));
        others.remove(Integer.valueOf(writeEnd));
        if (others.size() > 1) {
            throw new IOException("more than one reopened descriptor of " + pipe);
        }
        if (others.isEmpty()) {
            throw new IOException("the reopened write end of " + pipe + " is not among /proc/self/fd");
        }
        return others.get(0);
    }

    @Override
    public FileDescriptor writeEnd() {
        return writeEnd;
    }

    @Override
    public void closeWriteEnd() {
        if (!writeEndClosed) {
            writeEndClosed = true;
            DescriptorNumbers.detach(writeEnd, -1); // the stream owns the number
            closeQuietly(writer);
        }
    }

    @Override
    public boolean awaitHangup(Duration timeout) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        MemorySegment state = CallBuffers.current().state;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(POLLFD_SIZE, 4);
            MemorySegment scratch = arena.allocate(256);
            while (true) {
                long left = deadline - System.nanoTime();
                int waitMillis = left <= 0 ? 0 : (int) Math.min(SLICE_MILLIS, (left + 999_999) / 1_000_000);
                pollfd.set(JAVA_INT, 0, readEnd);
                pollfd.set(JAVA_SHORT, 4, Libc.POLLIN);
                pollfd.set(JAVA_SHORT, 6, (short) 0);
                if (Libc.poll(state, pollfd, 1, waitMillis) < 0) {
                    int errno = Libc.errno(state);
                    if (errno == Errno.EINTR) {
                        continue;
                    }
                    throw new IOException("poll on the pipe failed: " + Errno.describe(errno));
                }
                short events = pollfd.get(JAVA_SHORT, 6);
                if ((events & Libc.POLLHUP) != 0) {
                    return true; // every write end is closed
                }
                if ((events & (Libc.POLLERR | Libc.POLLNVAL)) != 0) {
                    throw new IOException("poll on the pipe reported an error (revents " + events + ")");
                }
                if ((events & Libc.POLLIN) != 0 && Libc.read(state, readEnd, scratch, scratch.byteSize()) == 0) {
                    return true; // end-of-file; data someone wrote is discarded, as it would wake poll forever
                }
                if (left <= 0) {
                    return false;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted while waiting for the pipe's hangup");
                }
            }
        }
    }

    @Override
    public void close() {
        closeWriteEnd();
        if (!closed) {
            closed = true;
            Libc.close(readEnd);
        }
    }

    private static void closeQuietly(FileOutputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // close(2) of a pipe end has nothing to flush
            }
        }
    }
}
