package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.FakeNotifySocket;
import io.github.systemd4j.testkit.NotifyDatagram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    void readyStopsTheExtenderAndNoExtensionFollowsIt() throws Exception {
        try (FakeNotifySocket systemd = FakeNotifySocket.start(dir);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment())) {
            // A one-second extension repeats every third of a second: soon enough to show up below.
            try (TimeoutExtender extender =
                    TimeoutExtender.start(notifier, Duration.ofSeconds(1), Duration.ofMinutes(5))) {
                systemd.awaitDatagrams(2, WAIT);
                notifier.ready("Serving");
                awaitNoExtenderThread();
                Thread.sleep(700); // two more periods in which a still-running extender would send
                notifier.barrier(WAIT);
                List<String> texts =
                        systemd.datagrams().stream().map(NotifyDatagram::text).collect(Collectors.toList());
                List<String> afterReady = texts.subList(texts.indexOf("READY=1\nSTATUS=Serving"), texts.size());
                assertEquals(List.of("READY=1\nSTATUS=Serving", "BARRIER=1"), afterReady, texts.toString());
                assertTrue(texts.subList(0, texts.size() - 2).stream().allMatch("EXTEND_TIMEOUT_USEC=1000000"::equals));
            } // closing after READY=1 is allowed and sends nothing
            notifier.barrier(WAIT);
            assertEquals(
                    "BARRIER=1",
                    systemd.datagrams().get(systemd.datagrams().size() - 2).text());
            assertEquals(List.of(), systemd.problems());
        }
    }

    @Test
    void readyInAnyMessageStopsEveryRunningExtenderButALaterOneRunsUntilClosed() throws Exception {
        try (FakeNotifySocket systemd = FakeNotifySocket.start(dir);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment())) {
            TimeoutExtender first = TimeoutExtender.start(notifier, Duration.ofSeconds(30), Duration.ofMinutes(5));
            TimeoutExtender second = TimeoutExtender.start(notifier, Duration.ofSeconds(40), Duration.ofMinutes(5));
            systemd.awaitDatagrams(2, WAIT);
            notifier.send(NotifyMessage.create().ready().status("up"));
            awaitNoExtenderThread();
            try (TimeoutExtender stop =
                    TimeoutExtender.start(notifier, Duration.ofSeconds(50), Duration.ofMinutes(5))) {
                assertEquals(
                        "EXTEND_TIMEOUT_USEC=50000000",
                        systemd.awaitDatagram(d -> d.text().equals("EXTEND_TIMEOUT_USEC=50000000"), WAIT)
                                .text());
            }
            awaitNoExtenderThread();
            first.close();
            second.close();
            assertEquals(List.of(), systemd.problems());
        }
    }

    /** The extender's thread ends on its own after READY=1 or close. */
    private static void awaitNoExtenderThread() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (extenderThreads() > 0) {
            assertTrue(System.nanoTime() - deadline < 0, "the extender thread is still running");
            Thread.sleep(10);
        }
    }

    private static long extenderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("systemd-timeout-extender") && t.isAlive())
                .count();
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
