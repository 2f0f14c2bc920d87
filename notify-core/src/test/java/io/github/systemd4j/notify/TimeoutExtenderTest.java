package io.github.systemd4j.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.systemd4j.testkit.FakeNotifySocket;
import io.github.systemd4j.testkit.NotifyDatagram;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            Started started = start(notifier, Duration.ofSeconds(30));
            assertEquals(
                    "EXTEND_TIMEOUT_USEC=30000000",
                    systemd.awaitDatagrams(1, WAIT).get(0).text());
            started.extender.close();
            awaitEnd(started.thread);
            // The thread is gone, so whatever it sent is ahead of the barrier.
            notifier.barrier(WAIT);
            List<String> texts = texts(systemd);
            assertEquals("BARRIER=1", texts.get(texts.size() - 1), texts.toString());
            assertTrue(
                    texts.subList(0, texts.size() - 1).stream().allMatch("EXTEND_TIMEOUT_USEC=30000000"::equals),
                    texts.toString());
            assertEquals(List.of(), systemd.problems());
        }
    }

    @Test
    void readyStopsTheExtenderAndNoExtensionFollowsIt() throws Exception {
        try (FakeNotifySocket systemd = FakeNotifySocket.start(dir);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment())) {
            // A one-second extension repeats every third of a second: it is still sending when READY=1 goes out.
            Started started = start(notifier, Duration.ofSeconds(1));
            systemd.awaitDatagrams(2, WAIT);
            notifier.ready("Serving");
            awaitEnd(started.thread); // ends by itself, not closed
            notifier.barrier(WAIT);
            List<String> texts = texts(systemd);
            List<String> afterReady = texts.subList(texts.indexOf("READY=1\nSTATUS=Serving"), texts.size());
            assertEquals(List.of("READY=1\nSTATUS=Serving", "BARRIER=1"), afterReady, texts.toString());
            assertTrue(texts.subList(0, texts.size() - 2).stream().allMatch("EXTEND_TIMEOUT_USEC=1000000"::equals));

            started.extender.close(); // allowed after READY=1, and sends nothing
            notifier.barrier(WAIT);
            texts = texts(systemd);
            assertEquals(List.of("BARRIER=1", "BARRIER=1"), texts.subList(texts.size() - 2, texts.size()));
            assertEquals(List.of(), systemd.problems());
        }
    }

    @Test
    void readyInAnyMessageStopsEveryRunningExtenderButALaterOneRunsUntilClosed() throws Exception {
        try (FakeNotifySocket systemd = FakeNotifySocket.start(dir);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(systemd.environment())) {
            Started first = start(notifier, Duration.ofSeconds(30));
            Started second = start(notifier, Duration.ofSeconds(40));
            systemd.awaitDatagrams(2, WAIT);
            notifier.send(NotifyMessage.create().ready().status("up"));
            awaitEnd(first.thread);
            awaitEnd(second.thread);
            Started stop = start(notifier, Duration.ofSeconds(50));
            assertEquals(
                    "EXTEND_TIMEOUT_USEC=50000000",
                    systemd.awaitDatagram(d -> d.text().equals("EXTEND_TIMEOUT_USEC=50000000"), WAIT)
                            .text());
            assertTrue(stop.thread.isAlive(), "runs until closed");
            stop.extender.close();
            awaitEnd(stop.thread);
            first.extender.close();
            second.extender.close();
            assertEquals(List.of(), systemd.problems());
        }
    }

    @Test
    void disabledNotifierStartsNoThread() {
        try (SystemdNotifier disabled = SystemdNotifier.fromEnvironment(Map.of())) {
            Set<Thread> before = extenderThreads();
            try (TimeoutExtender extender =
                    TimeoutExtender.start(disabled, Duration.ofSeconds(5), Duration.ofSeconds(10))) {
                Set<Thread> started = extenderThreads();
                started.removeAll(before);
                assertEquals(Set.of(), started);
            }
        }
    }

    /** An extender and the thread it started. */
    private static final class Started {
        final TimeoutExtender extender;
        final Thread thread;

        Started(TimeoutExtender extender, Thread thread) {
            this.extender = extender;
            this.thread = thread;
        }
    }

    /**
     * Starts an extender and finds its thread: the one extender thread alive afterwards that was not
     * before. Threads that other tests' extenders left running do not count.
     */
    private static Started start(SystemdNotifier notifier, Duration extension) {
        Set<Thread> before = extenderThreads();
        TimeoutExtender extender = TimeoutExtender.start(notifier, extension, Duration.ofMinutes(5));
        Set<Thread> started = extenderThreads();
        started.removeAll(before);
        assertEquals(1, started.size(), "threads started: " + started);
        return new Started(extender, started.iterator().next());
    }

    private static Set<Thread> extenderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("systemd-timeout-extender") && t.isAlive())
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static void awaitEnd(Thread thread) throws InterruptedException {
        thread.join(WAIT.toMillis());
        assertFalse(thread.isAlive(), "the extender thread is still running");
    }

    private static List<String> texts(FakeNotifySocket systemd) {
        return systemd.datagrams().stream().map(NotifyDatagram::text).collect(Collectors.toList());
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
