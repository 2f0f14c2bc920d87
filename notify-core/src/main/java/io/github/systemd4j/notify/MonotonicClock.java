package io.github.systemd4j.notify;

/**
 * {@code CLOCK_MONOTONIC} in microseconds, as {@code MONOTONIC_USEC=} needs it: the absolute system
 * clock, comparable with the time systemd records when it asks for a reload.
 *
 * <p>It is {@link System#nanoTime()} divided by 1000. The Java specification promises only an
 * arbitrary origin for {@code nanoTime}, but HotSpot (OpenJDK, Temurin and other builds) and OpenJ9
 * implement it on Linux with {@code clock_gettime(CLOCK_MONOTONIC)}, whose origin is the system's
 * boot; a test of this module compares the two.
 *
 * @see <a href="https://man7.org/linux/man-pages/man2/clock_gettime.2.html">clock_gettime(2)</a>
 */
public final class MonotonicClock {
    private MonotonicClock() {}

    /**
     * The current {@code CLOCK_MONOTONIC} time.
     *
     * @return microseconds since an unspecified point in the past (boot, on Linux)
     */
    public static long nowMicros() {
        return System.nanoTime() / 1000;
    }
}
