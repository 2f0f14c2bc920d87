package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.systemd4j.testkit.FakeNotifySocket;
import io.github.systemd4j.testkit.NotifyDatagram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeoutExtenderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void extendsAtOnceAndStopsWhenClosed() throws Exception {
        try (FakeNotifySocket systemd = FakeNotifySocket.start(dir);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment())) {
            try (TimeoutExtender extender =
                    TimeoutExtender.start(notifier, Duration.ofSeconds(30), Duration.ofMinutes(5))) {
                assertEquals(
                        "EXTEND_TIMEOUT_USEC=30000000",
                        systemd.awaitDatagrams(1, WAIT).get(0).text());
            }
            notifier.barrier(WAIT);
            int afterClose = systemd.datagrams().size();
            notifier.barrier(WAIT);
            List<NotifyDatagram> all = systemd.datagrams();
            assertEquals(afterClose + 1, all.size(), "only the second barrier arrived after close: " + all);
            assertEquals(List.of(), systemd.problems());
        }
    }

    @Test
    void disabledNotifierStartsNoThread() {
        try (SystemdNotifier disabled = SystemdNotifier.fromEnvironment(Map.of());
                TimeoutExtender extender =
                        TimeoutExtender.start(disabled, Duration.ofSeconds(5), Duration.ofSeconds(10))) {
            assertEquals(
                    0,
                    Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().equals("systemd-timeout-extender") && t.isAlive())
                            .count());
        }
    }

    @Test
    void refusesExtensionsTooShortToBeUseful() {
        try (SystemdNotifier disabled = SystemdNotifier.fromEnvironment(Map.of())) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> TimeoutExtender.start(disabled, Duration.ofMillis(999), Duration.ofSeconds(10)));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> TimeoutExtender.start(disabled, Duration.ofSeconds(5), Duration.ZERO));
        }
    }
}
