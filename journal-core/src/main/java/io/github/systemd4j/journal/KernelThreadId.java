package io.github.systemd4j.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel thread id (what {@code gettid(2)} returns, the journal's {@code TID=} field) of the
 * current thread.
 *
 * <p>Read once per platform thread from the {@code /proc/thread-self} link ({@code <pid>/task/<tid>})
 * and cached, so the steady-state cost is a thread-local lookup. A virtual thread has no kernel
 * thread of its own: for it the id of the carrier thread running it at that moment is read each
 * time, uncached.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/gettid.2.html">gettid(2)</a>
 */
public final class KernelThreadId {
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final ThreadLocal<Integer> CACHE = ThreadLocal.withInitial(KernelThreadId::read);

    private KernelThreadId() {}

    /**
     * The kernel thread id of the calling thread.
     *
     * @return the id, or -1 where {@code /proc} is not available
     */
    public static int current() {
        if (isVirtual(Thread.currentThread())) {
            return read();
        }
        return CACHE.get();
    }

    private static boolean isVirtual(Thread thread) {
        // Thread.isVirtual() only exists from Java 21; the class name tells on every version.
        return thread.getClass().getName().equals("java.lang.VirtualThread");
    }

    private static int read() {
        try {
            String link = Files.readSymbolicLink(THREAD_SELF).toString();
            return Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
