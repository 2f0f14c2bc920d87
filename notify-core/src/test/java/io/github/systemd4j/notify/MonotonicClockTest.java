package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * MONOTONIC_USEC must be the system's CLOCK_MONOTONIC. The kernel's own reading of it is the "now
 * at N nsecs" line of {@code /proc/timer_list} (readable by root); it must fall between two
 * readings of {@link MonotonicClock}.
 */
class MonotonicClockTest {
    @Test
    void isTheKernelsClockMonotonic() throws IOException {
        Path timerList = Path.of("/proc/timer_list");
        Prerequisites.require(Files.isReadable(timerList), "/proc/timer_list needs root");
        long before = MonotonicClock.nowMicros();
        long kernel = -1;
        try (var lines = Files.lines(timerList)) {
            String now = lines.filter(l -> l.startsWith("now at ")).findFirst().orElseThrow();
            kernel = Long.parseLong(now.substring(7, now.indexOf(" nsecs"))) / 1000;
        }
        long after = MonotonicClock.nowMicros();
        assertTrue(before <= kernel && kernel <= after, before + " <= " + kernel + " <= " + after);
    }
}
