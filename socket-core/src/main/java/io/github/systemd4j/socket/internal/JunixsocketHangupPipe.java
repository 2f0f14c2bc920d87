package io.github.systemd4j.socket.internal;

import io.github.systemd4j.socket.HangupPipe;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.newsclub.net.unix.AFPipe;

/**
 * {@link HangupPipe} on junixsocket's {@link AFPipe} ({@code pipe2(O_CLOEXEC)}), which exposes the
 * descriptors the JDK's own {@code Pipe} hides. The hangup shows as end-of-file on the read end.
 */
public final class JunixsocketHangupPipe implements HangupPipe {
    private final AFPipe pipe;
    private final FileDescriptor writeEnd;

    private JunixsocketHangupPipe(AFPipe pipe, FileDescriptor writeEnd) {
        this.pipe = pipe;
        this.writeEnd = writeEnd;
    }

    /**
     * Creates the pipe.
     *
     * @return the open pipe
     * @throws IOException if it cannot be created
     */
    public static JunixsocketHangupPipe open() throws IOException {
        AFPipe pipe;
        try {
            pipe = AFPipe.open();
        } catch (LinkageError e) {
            throw new IOException("junixsocket's native library is not usable: " + e, e);
        }
        try {
            return new JunixsocketHangupPipe(pipe, pipe.sink().getFileDescriptor());
        } catch (IOException | RuntimeException e) {
            pipe.close();
            throw e;
        }
    }

    @Override
    public FileDescriptor writeEnd() {
        return writeEnd;
    }

    @Override
    public void closeWriteEnd() {
        try {
            pipe.sink().close();
        } catch (IOException ignored) {
            // close(2) of a pipe end has nothing to flush
        }
    }

    @Override
    public boolean awaitHangup(Duration timeout) throws IOException {
        AFPipe.SourceChannel source = pipe.source();
        source.configureBlocking(false);
        ByteBuffer scratch = ByteBuffer.allocate(256);
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 1;
        // junixsocket 2.11 cannot register its pipes with a selector, so the read end is polled with
        // a growing pause; barriers are rare and short, so the cost is a few wake-ups.
        while (true) {
            scratch.clear();
            if (source.read(scratch) < 0) {
                return true; // end-of-file: every write end is closed
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(pauseMillis, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the pipe's hangup");
            }
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    @Override
    public void close() {
        try {
            pipe.close();
        } catch (IOException ignored) {
            // close(2) of a pipe end has nothing to flush
        }
    }
}
